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

/**
 * A V8 code cache for every CommonJS module this process loads (ours after sucrase, and node_modules'
 * .js): compiling cdktf, the provider modules, zod and our ~300 files is about a fifth of a synth.
 * Node 20 has no `module.enableCompileCache`, so the loader compiles each module itself with
 * `vm.Script` and hands V8 the code it produced for the same source last time (`cachedData`). A module
 * without a usable cache (new, changed, another Node, a cache V8 rejects) is compiled as usual, and
 * its code, including the functions that ran while the process lived, is written when the process
 * exits. Entries are keyed by a hash of Node's version, its flags, the file name and the source, under
 * node_modules/.cache like the sucrase output. Anything unusual (a read-only or corrupt cache, a file
 * that does not compile as a plain CommonJS script or uses `import()`, the main module, policies, the inspector) goes
 * through Node's own compile unchanged; RW_CODE_CACHE=0 switches the cache off.
 *
 * Not cached: the generated provider bindings (@cdktf/provider-*, 83 files and 11 MB of source for
 * the stacks). Their code cache is as large as their source and reading it costs what compiling them
 * does, while it adds 10 MB to the synth's peak memory (measured: docs/synth-profile.md).
 */
const CODE_CACHE_DIR = path.join(__dirname, "..", "node_modules", ".cache", "road-warrior-v8");
const CODE_CACHE_SALT = `${process.version}:${process.arch}:${process.execArgv.join(" ")}`;
// The wrapper Node puts around a CommonJS module, on a line of its own: `lineOffset: -1` keeps every
// line and column of the source where it is, so stack traces read as with Node's own compile.
const WRAPPER_START = "(function (exports, require, module, __filename, __dirname) {\n";
const WRAPPER_END = "\n})";
const DYNAMIC_IMPORT = /\bimport\s*\(/;
const NOT_CACHED = `${path.sep}node_modules${path.sep}@cdktf${path.sep}provider-`;

function installCodeCache() {
  const vm = require("vm");
  const Module = require("module");
  // Debuggers, policies and source maps hook into Node's own compile: with them, everything keeps it.
  const flags = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? "").split(/\s+/)];
  if (
    process.env.RW_CODE_CACHE === "0" ||
    process.sourceMapsEnabled ||
    flags.some((flag) => /^--(inspect|debug|experimental-policy|policy-integrity|enable-source-maps)/.test(flag))
  )
    return;
  const nodeCompile = Module.prototype._compile;
  /** The `require` Node gives a module (lib/internal/modules/helpers.js, makeRequireFunction). */
  const requireFor = (module) => {
    const moduleRequire = function require(id) {
      return module.require(id);
    };
    moduleRequire.resolve = (request, options) => Module._resolveFilename(request, module, false, options);
    moduleRequire.resolve.paths = (request) => Module._resolveLookupPaths(request, module);
    moduleRequire.main = process.mainModule;
    moduleRequire.extensions = Module._extensions;
    moduleRequire.cache = Module._cache;
    return moduleRequire;
  };
  const pending = [];

  Module.prototype._compile = function compileWithCodeCache(content, filename, format) {
    // The main module stays with Node: its compile also sets up the loader's caches for the whole run.
    // `import()` needs Node's own compile: a vm.Script's dynamic-import hook is experimental in Node 20
    // (it warns) and is lost when the script comes from cached data. Any text like it counts.
    const usesImport = DYNAMIC_IMPORT.test(content);
    if (format === "module" || this.id === "." || content.startsWith("#!") || filename.includes(NOT_CACHED) || usesImport) {
      return nodeCompile.call(this, content, filename, format);
    }
    const key = crypto.createHash("sha1").update(CODE_CACHE_SALT).update("\0").update(filename).update("\0").update(content).digest("hex");
    const cacheFile = path.join(CODE_CACHE_DIR, `${key}.bin`);
    let cachedData;
    try {
      cachedData = fs.readFileSync(cacheFile);
    } catch {
      // not cached yet (or unreadable): compiled as usual below
    }
    let script;
    try {
      script = new vm.Script(WRAPPER_START + content + WRAPPER_END, { filename, lineOffset: -1, cachedData });
    } catch {
      // Not a plain CommonJS script (a syntax error, ES module syntax): Node's compile reports or handles it.
      return nodeCompile.call(this, content, filename, format);
    }
    if (cachedData === undefined || script.cachedDataRejected) pending.push({ script, cacheFile });
    const wrapper = script.runInThisContext({ displayErrors: true });
    return Reflect.apply(wrapper, this.exports, [this.exports, requireFor(this), this, filename, path.dirname(filename)]);
  };

  process.once("exit", () => {
    if (pending.length === 0) return;
    try {
      fs.mkdirSync(CODE_CACHE_DIR, { recursive: true });
      for (const { script, cacheFile } of pending) {
        const temporary = `${cacheFile}.${process.pid}.tmp`;
        fs.writeFileSync(temporary, script.createCachedData());
        fs.renameSync(temporary, cacheFile);
      }
    } catch {
      // a read-only checkout still runs, just without the cache
    }
  });
}
installCodeCache();

require.extensions[".ts"] = function loadTypeScript(module, filename) {
  if (filename.includes(`${path.sep}node_modules${path.sep}`)) {
    throw new Error(`${filename}: TypeScript inside node_modules is not compiled by scripts/register.js`);
  }
  module._compile(transpile(fs.readFileSync(filename, "utf8"), filename), filename);
};
