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

/**
 * cdktf requires archiver (a zip library and its streams, about a third of cdktf's load time) when
 * it loads, for ARCHIVE assets only (which it zips in a child node process anyway); the stacks use
 * DIRECTORY and FILE assets. The module cdktf gets is a stand-in that loads the real archiver the
 * first time it is used (called or read), so nothing stops working. Only for the cdktf version this
 * was measured with, and only before anything loaded archiver; otherwise nothing changes.
 */
const DEFERRED_ARCHIVER_CDKTF = "0.21.0";
function deferArchiver() {
  let archiverFile;
  try {
    if (require("cdktf/package.json").version !== DEFERRED_ARCHIVER_CDKTF) return;
    archiverFile = require.resolve("archiver", { paths: [path.dirname(require.resolve("cdktf/lib/index.js"))] });
  } catch {
    return;
  }
  if (require.cache[archiverFile]) return;
  let real;
  const load = () => {
    if (real === undefined) {
      delete require.cache[archiverFile];
      real = require(archiverFile);
    }
    return real;
  };
  const standIn = new Proxy(function archiver() {}, {
    apply: (_target, self, args) => Reflect.apply(load(), self, args),
    construct: (_target, args) => Reflect.construct(load(), args),
    get: (_target, key) => Reflect.get(load(), key),
    has: (_target, key) => Reflect.has(load(), key),
  });
  const Module = require("module");
  const stub = new Module(archiverFile);
  stub.filename = archiverFile;
  stub.loaded = true;
  stub.exports = standIn;
  require.cache[archiverFile] = stub;
}
deferArchiver();

require.extensions[".ts"] = function loadTypeScript(module, filename) {
  if (filename.includes(`${path.sep}node_modules${path.sep}`)) {
    throw new Error(`${filename}: TypeScript inside node_modules is not compiled by scripts/register.js`);
  }
  module._compile(transpile(fs.readFileSync(filename, "utf8"), filename), filename);
};
