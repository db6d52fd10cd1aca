/**
 * Files that are not environment files at all, through the synth (`synthesize`, what main.ts runs,
 * in this process): exit code 1, one short message naming the file for stderr, never a stack trace
 * (an error other than the configuration's would throw out of `synthesize` instead of returning 1),
 * and the previous cdktf.out exactly as it was. That main.ts turns the same result into the process's
 * exit code and stderr, without a trace, is synth.test.ts's child-process test of a bad file.
 */
import * as crypto from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { synthesize } from "../src/synth";
import { ENVIRONMENTS_DIR } from "./support/environments";
import { snapshotTree } from "./support/files";

const DEV = fs.readFileSync(path.join(ENVIRONMENTS_DIR, "dev.yaml"), "utf8");
/** Each alias level multiplies by nine: about 43 million values once expanded. */
const ALIAS_BOMB = [
  "a: &a [x, x, x, x, x, x, x, x, x]",
  ..."bcdefgh".split("").map((n, i) => `${n}: &${n} [${Array(9).fill(`*${"abcdefgh"[i]}`).join(", ")}]`),
  "name: dev",
  "",
].join("\n");

let work: string;
let outdir: string;
let before: Record<string, string>;

beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), "rw-bad-files-"));
  outdir = path.join(work, "cdktf.out");
  expect(synthesize({ environmentsDir: ENVIRONMENTS_DIR, outdir, log: { log: () => undefined, error: console.error } })).toBe(0);
  before = snapshotTree(outdir);
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

/** A folder of environment files made by `make`, synthesized into the previous output: the exit code and what goes to stderr. */
function synthOf(name: string, make: (dir: string) => void): { status: number; stderr: string; dir: string } {
  const dir = path.join(work, name);
  fs.mkdirSync(dir);
  make(dir);
  const errors: string[] = [];
  const status = synthesize({ environmentsDir: dir, outdir, log: { log: () => undefined, error: (m: string) => errors.push(m) } });
  return { status, stderr: errors.join("\n"), dir };
}

const cases: [string, (dir: string) => void, (dir: string) => string, RegExp][] = [
  [
    "a file whose read fails (a link to nothing)",
    (d) => fs.symlinkSync(path.join(d, "gone.yaml.bak"), path.join(d, "dev.yaml")),
    (d) => path.join(d, "dev.yaml"),
    /cannot be read \(ENOENT: it does not exist, or is a link to nothing\)/,
  ],
  [
    "a folder named x.yaml",
    (d) => (fs.writeFileSync(path.join(d, "dev.yaml"), DEV), fs.mkdirSync(path.join(d, "x.yaml"))),
    (d) => path.join(d, "x.yaml"),
    /is a folder, not an environment file/,
  ],
  [
    "a YAML alias bomb",
    (d) => fs.writeFileSync(path.join(d, "dev.yaml"), ALIAS_BOMB),
    (d) => path.join(d, "dev.yaml"),
    /expands too many YAML aliases/,
  ],
  [
    "dev.yaml next to dev.yml",
    (d) => (fs.writeFileSync(path.join(d, "dev.yaml"), DEV), fs.writeFileSync(path.join(d, "dev.yml"), DEV)),
    (d) => path.join(d, "dev.yml"),
    /defines environment dev a second time \(also dev\.yaml\)/,
  ],
  [
    "200 KB of binary garbage",
    (d) => fs.writeFileSync(path.join(d, "dev.yaml"), Buffer.concat([crypto.randomBytes(200 * 1024), Buffer.from([0])])),
    (d) => path.join(d, "dev.yaml"),
    /is binary, not YAML text/,
  ],
  [
    "200 KB of text garbage",
    (d) => fs.writeFileSync(path.join(d, "dev.yaml"), "]: {[\n\t&*!|>\n".repeat((200 * 1024) / 12)),
    (d) => path.join(d, "dev.yaml"),
    /not valid YAML at line 1, column \d+/,
  ],
  [
    "a key given twice",
    (d) => fs.writeFileSync(path.join(d, "dev.yaml"), `${DEV}\nregion: eu-west-1\n`),
    (d) => path.join(d, "dev.yaml"),
    /Map keys must be unique: "region" is given twice/,
  ],
];

describe("files that are not environment files: one short message naming the file", () => {
  test.each(cases)("%s", (name, make, file, rule) => {
    const { status, stderr, dir } = synthOf(name.replace(/\W+/g, "-"), make);
    expect(status).toBe(1);
    expect(stderr).toMatch(/^Invalid environment configuration/);
    expect(stderr.split("\n").some((line) => line.includes(`${file(dir)}: (whole file): `) && rule.test(line))).toBe(true);
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(stderr.length).toBeLessThan(1500);
    expect(snapshotTree(outdir)).toEqual(before);
  });

  test("an unreadable file (EACCES; the tests run as root, so the read is made to fail)", () => {
    const dir = path.join(work, "eacces");
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, "dev.yaml"), DEV);
    const denied = Object.assign(new Error(`EACCES: permission denied, open '${path.join(dir, "dev.yaml")}'`), { code: "EACCES" });
    const realFs = jest.requireActual("fs") as typeof fs;
    const original = realFs.readFileSync;
    const read = jest.spyOn(realFs, "readFileSync").mockImplementation(((file: fs.PathOrFileDescriptor, ...rest: unknown[]) => {
      if (String(file) === path.join(dir, "dev.yaml")) throw denied;
      return original(file, ...(rest as [BufferEncoding]));
    }) as typeof fs.readFileSync);
    const errors: string[] = [];
    try {
      // The synth's modules load afresh once the spy is in place: a namespace import copies the module's functions when it loads.
      jest.isolateModules(() => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports -- a fresh load inside isolateModules
        const fresh: typeof import("../src/synth") = require("../src/synth");
        expect(
          fresh.synthesize({ environmentsDir: dir, outdir, log: { log: () => undefined, error: (m: string) => errors.push(m) } }),
        ).toBe(1);
      });
    } finally {
      read.mockRestore();
    }
    expect(errors.join("\n")).toContain(`${path.join(dir, "dev.yaml")}: (whole file): cannot be read (EACCES: permission denied)`);
    expect(snapshotTree(outdir)).toEqual(before);
  });
});
