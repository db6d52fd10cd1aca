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
