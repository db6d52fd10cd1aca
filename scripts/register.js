"use strict";
/**
 * Runs the project's TypeScript without type-checking (`npm test` type-checks): sucrase strips the
 * types and turns imports into CommonJS, keeping every line where it was, so stack traces point at
 * the .ts source without source maps. The output is cached by content hash under
 * node_modules/.cache, so a file is only transformed again when it changes; sucrase is not even
 * loaded when nothing changed. Used by `npm run synth`, cdktf.json and every npm script.
 *
 * Usage: node --require ./scripts/register.js <file.ts>
 */
// Every npm script of this project runs through this loader: switch off HashiCorp's checkpoint
// call (an update check that prints an error offline) for Terraform and cdktf children too.
if (process.env.CHECKPOINT_DISABLE === undefined) process.env.CHECKPOINT_DISABLE = "1";

const crypto = require("crypto");
const fs = require("fs");
const path = require("path");

const SUCRASE_VERSION = require("sucrase/package.json").version;
const OPTIONS = { transforms: ["typescript", "imports"] };
const CACHE_DIR = path.join(__dirname, "..", "node_modules", ".cache", "road-warrior-ts");
const CACHE_SALT = `${SUCRASE_VERSION}:${JSON.stringify(OPTIONS)}`;
let transform;

function transpile(source, filename) {
  const key = crypto.createHash("sha1").update(CACHE_SALT).update("\0").update(filename).update("\0").update(source).digest("hex");
  const cached = path.join(CACHE_DIR, `${key}.js`);
  try {
    return fs.readFileSync(cached, "utf8");
  } catch {
    // not cached yet
  }
  transform = transform || require("sucrase").transform;
  const { code } = transform(source, { ...OPTIONS, filePath: filename });
  try {
    fs.mkdirSync(CACHE_DIR, { recursive: true });
    const temporary = `${cached}.${process.pid}.tmp`;
    fs.writeFileSync(temporary, code);
    fs.renameSync(temporary, cached);
  } catch {
    // a read-only checkout still runs, just without the cache
  }
  return code;
}

require.extensions[".ts"] = function loadTypeScript(module, filename) {
  if (filename.includes(`${path.sep}node_modules${path.sep}`)) {
    throw new Error(`${filename}: TypeScript inside node_modules is not compiled by scripts/register.js`);
  }
  module._compile(transpile(fs.readFileSync(filename, "utf8"), filename), filename);
};
