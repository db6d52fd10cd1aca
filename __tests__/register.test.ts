import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const ROOT = path.join(__dirname, "..");
const REGISTER = path.join(ROOT, "scripts", "register.js");

function run(file: string) {
  return spawnSync(process.execPath, ["--require", REGISTER, "--eval", `require(${JSON.stringify(file)})`], { encoding: "utf8" });
}

const scratchDirs: string[] = [];
afterAll(() => scratchDirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

/** A throw-away .ts file in a temporary folder. */
function scratch(name: string, source: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rw-register-"));
  scratchDirs.push(dir);
  const file = path.join(dir, name);
  fs.writeFileSync(file, source);
  return file;
}

describe("scripts/register.js (the synth's TypeScript loader)", () => {
  test("strips types and converts imports, without type-checking", () => {
    const file = scratch(
      "ok.ts",
      [
        'import * as path from "path";',
        "interface Shape { readonly n: number }",
        'const wrong: Shape = { n: "not a number" as unknown as number };',
        'console.log(path.basename("a/b.txt"), wrong.n);',
        "",
      ].join("\n"),
    );
    const result = run(file);
    expect(result.stderr).toBe("");
    expect(result.stdout.trim()).toBe("b.txt not a number");
  });

  test("keeps line numbers, so a stack trace points at the .ts line without source maps", () => {
    const file = scratch(
      "throws.ts",
      [
        "type Id = string;",
        "interface Big {",
        "  a: Id;",
        "  b: Id;",
        "}",
        "export function f(x: Big): never {",
        "  throw new Error(`bad ${x.a}`);",
        "}",
        'f({ a: "1", b: "2" });',
        "",
      ].join("\n"),
    );
    const result = run(file);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain(`${file}:7`);
  });

  test("caches by content: a changed file is transformed again, an unchanged one is read from the cache", () => {
    const file = scratch("cached.ts", "const n: number = 1;\nconsole.log(n);\n");
    expect(run(file).stdout.trim()).toBe("1");
    const cacheDir = path.join(ROOT, "node_modules", ".cache", "road-warrior-ts");
    const entries = () => new Set(fs.readdirSync(cacheDir));
    const before = entries();
    expect(run(file).stdout.trim()).toBe("1");
    expect(entries()).toEqual(before);
    fs.writeFileSync(file, "const n: number = 2;\nconsole.log(n);\n");
    expect(run(file).stdout.trim()).toBe("2");
    expect([...entries()].filter((e) => !before.has(e))).toHaveLength(1);
  });

  test("cdktf loads without archiver (the stacks have no ARCHIVE asset), and an ARCHIVE asset is still zipped", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rw-archiver-"));
    scratchDirs.push(dir);
    fs.writeFileSync(path.join(dir, "file.txt"), "zipped");
    const file = scratch(
      "archive.ts",
      [
        'import * as fs from "fs";',
        'import * as path from "path";',
        `import { App, AssetType, TerraformAsset, TerraformStack } from ${JSON.stringify(path.join(ROOT, "node_modules", "cdktf"))};`,
        "const archiverLoaded = () => Object.keys(require.cache).some((f) => /[\\/]archiver[\\/]lib[\\/]/.test(f));",
        "const before = archiverLoaded();",
        `const app = new App({ outdir: ${JSON.stringify(path.join(dir, "out"))} });`,
        'const stack = new TerraformStack(app, "s");',
        `new TerraformAsset(stack, "zip", { path: ${JSON.stringify(dir)}, type: AssetType.ARCHIVE });`,
        "app.synth();",
        'const assets = path.join(app.outdir, "stacks", "s", "assets", "zip");',
        "const zip = fs.readdirSync(assets).flatMap((hash) => fs.readdirSync(path.join(assets, hash)));",
        "setTimeout(() => console.log(JSON.stringify({ before, after: archiverLoaded(), zip })), 500);",
        "",
      ].join("\n"),
    );
    const result = spawnSync(process.execPath, ["--require", REGISTER, file], { cwd: ROOT, encoding: "utf8" });
    expect(result.stderr).toBe("");
    // cdktf zips in a child node process of its own, so this process never needs the real archiver.
    expect(JSON.parse(result.stdout)).toEqual({ before: false, after: false, zip: ["archive.zip"] });
  });
});

describe("scripts/register.js's V8 code cache (compiled modules reused across runs)", () => {
  /**
   * A copy of the loader in a folder of its own, so its cache (`<root>/node_modules/.cache/road-warrior-v8`)
   * can be broken without touching the project's: a module in plain JavaScript and one in TypeScript.
   */
  function sandbox() {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "rw-code-cache-"));
    scratchDirs.push(root);
    fs.mkdirSync(path.join(root, "scripts"));
    fs.copyFileSync(REGISTER, path.join(root, "scripts", "register.js"));
    fs.mkdirSync(path.join(root, "node_modules"));
    fs.symlinkSync(path.join(ROOT, "node_modules", "sucrase"), path.join(root, "node_modules", "sucrase"));
    fs.writeFileSync(path.join(root, "helper.js"), "exports.twice = (n) => n * 2;\n");
    const main = path.join(root, "main.ts");
    fs.writeFileSync(main, 'import { twice } from "./helper";\nconst n: number = 21;\nconsole.log(twice(n));\n');
    const cacheDir = path.join(root, "node_modules", ".cache", "road-warrior-v8");
    const runIt = () =>
      spawnSync(process.execPath, ["--require", path.join(root, "scripts", "register.js"), "--eval", `require(${JSON.stringify(main)})`], {
        encoding: "utf8",
      });
    return { cacheDir, runIt };
  }

  test("the first run writes each module's code; the next one reads it and writes nothing", () => {
    const { cacheDir, runIt } = sandbox();
    expect(runIt()).toMatchObject({ status: 0, stdout: "42\n", stderr: "" });
    const written = fs.readdirSync(cacheDir);
    expect(written.length).toBeGreaterThanOrEqual(2);
    const times = written.map((f) => fs.statSync(path.join(cacheDir, f)).mtimeMs);
    expect(runIt()).toMatchObject({ status: 0, stdout: "42\n", stderr: "" });
    expect(fs.readdirSync(cacheDir)).toEqual(written);
    expect(written.map((f) => fs.statSync(path.join(cacheDir, f)).mtimeMs)).toEqual(times);
  });

  test("a corrupt cache entry is rejected by V8: the module is compiled from its source, runs, and the entry is rewritten", () => {
    const { cacheDir, runIt } = sandbox();
    expect(runIt().status).toBe(0);
    // The first run also compiled sucrase (transforming main.ts); the second has sucrase's output cached.
    fs.rmSync(cacheDir, { recursive: true });
    expect(runIt().status).toBe(0);
    const entries = fs.readdirSync(cacheDir);
    for (const entry of entries) fs.writeFileSync(path.join(cacheDir, entry), "not V8 code");
    expect(runIt()).toMatchObject({ status: 0, stdout: "42\n", stderr: "" });
    for (const entry of entries) expect(fs.readFileSync(path.join(cacheDir, entry), "utf8")).not.toBe("not V8 code");
  });

  test("a cache that cannot be written (read-only checkout) changes nothing but speed", () => {
    const { cacheDir, runIt } = sandbox();
    // A file where the folder should be: no process, root included, can create the folder or write into it.
    fs.mkdirSync(path.dirname(cacheDir), { recursive: true });
    fs.writeFileSync(cacheDir, "");
    expect(runIt()).toMatchObject({ status: 0, stdout: "42\n", stderr: "" });
    expect(runIt()).toMatchObject({ status: 0, stdout: "42\n", stderr: "" });
    expect(fs.statSync(cacheDir).isFile()).toBe(true);
    // A read-only folder (for a user other than root, who may write anyway): the same output.
    fs.rmSync(cacheDir);
    fs.mkdirSync(cacheDir, { mode: 0o555 });
    try {
      expect(runIt()).toMatchObject({ status: 0, stdout: "42\n", stderr: "" });
    } finally {
      fs.chmodSync(cacheDir, 0o755);
    }
  });

  test("a module that imports dynamically (import()) runs the same on every run: Node compiles it, not the cache", () => {
    const dir = path.dirname(scratch("dynamic.js", 'import("./value.mjs").then((m) => console.log(m.value));\n'));
    fs.writeFileSync(path.join(dir, "value.mjs"), "export const value = 7;\n");
    for (let run = 0; run < 2; run++) {
      const result = spawnSync(
        process.execPath,
        ["--require", REGISTER, "--eval", `require(${JSON.stringify(path.join(dir, "dynamic.js"))})`],
        {
          encoding: "utf8",
        },
      );
      expect(result).toMatchObject({ status: 0, stdout: "7\n", stderr: "" });
    }
  });

  test("a stack trace from a module compiled from the cache points at the same line and column as Node's own compile", () => {
    const file = scratch("cached-throw.js", "function f() {\n  throw new Error('where');\n}\nf();\n");
    const first = run(file);
    const second = run(file);
    const uncached = spawnSync(process.execPath, ["--require", REGISTER, "--eval", `require(${JSON.stringify(file)})`], {
      encoding: "utf8",
      env: { ...process.env, RW_CODE_CACHE: "0" },
    });
    // The loader's own frames below the module differ (register.js instead of node:internal): the module's do not.
    const frames = (stderr: string) => stderr.split("\n").filter((line) => line.includes(file));
    expect(frames(second.stderr)).toEqual([`${file}:2`, `    at f (${file}:2:9)`, `    at Object.<anonymous> (${file}:4:1)`]);
    expect(frames(second.stderr)).toEqual(frames(first.stderr));
    expect(frames(second.stderr)).toEqual(frames(uncached.stderr));
  });
});
