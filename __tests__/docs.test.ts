/**
 * The documentation a newcomer reads first stays true: the README stays a short front door, the
 * environment-file reference is the one the schema generates, every relative link and anchor in
 * README.md and docs/*.md resolves, and every section that code, environment files or generated
 * docs send a reader to exists.
 */
import * as fs from "fs";
import * as path from "path";
import { environmentFields, environmentFileDoc } from "../src/config/environment-doc";
import { githubSlug, headingAnchors, markdownLinks, sectionPointers } from "./support/markdown";

const ROOT = path.join(__dirname, "..");
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), "utf8");
const DOCS = fs
  .readdirSync(path.join(ROOT, "docs"))
  .filter((f) => f.endsWith(".md"))
  .map((f) => `docs/${f}`);
const MARKDOWN = ["README.md", ...DOCS];

describe("the environment-file reference", () => {
  test("docs/environment-file.md is what the schema generates (npm run docs rewrites it)", () => {
    expect(read("docs/environment-file.md")).toBe(environmentFileDoc());
  });

  test("every field of the environment file has a description, so the reference explains each one", () => {
    const undescribed = environmentFields()
      .filter((f) => !f.node.description?.trim())
      .map((f) => f.path);
    expect(undescribed).toEqual([]);
  });

  test("every field, nested ones and each backend variant's included, has a row", () => {
    const doc = read("docs/environment-file.md");
    const paths = environmentFields().map((f) => f.path);
    const nested = ["services[].port", "cluster.karpenter.nodePools[].limits.cpu", "backend.bucket (type: s3)"];
    expect(paths).toEqual(expect.arrayContaining(nested));
    expect(paths.filter((p) => !doc.includes(`| \`${p}\` |`))).toEqual([]);
  });
});

describe("README.md", () => {
  test("is a front door: 12 KB at most (details live in docs/)", () => {
    expect(Buffer.byteLength(read("README.md"))).toBeLessThanOrEqual(12 * 1024);
  });

  test("keeps the sections other work and the tests name: the deploy guide, Quick start, Requirements", () => {
    const anchors = headingAnchors(read("README.md"));
    for (const heading of ["From nothing to a deployed environment", "Quick start", "Requirements", "Add an environment"]) {
      expect(anchors).toContain(githubSlug(heading));
    }
  });
});

describe("links and anchors", () => {
  test.each(MARKDOWN)("every relative link and anchor in %s resolves", (file) => {
    const broken: string[] = [];
    for (const link of markdownLinks(read(file))) {
      const [target, anchor] = link.split("#", 2) as [string, string | undefined];
      const resolved = target === "" ? file : path.posix.normalize(path.posix.join(path.posix.dirname(file), target));
      if (!fs.existsSync(path.join(ROOT, resolved))) {
        broken.push(`${link}: no file ${resolved}`);
      } else if (anchor !== undefined && resolved.endsWith(".md") && !headingAnchors(read(resolved)).includes(anchor)) {
        broken.push(`${link}: ${resolved} has no heading whose anchor is #${anchor}`);
      }
    }
    expect(broken).toEqual([]);
  });

  test('every section a file points a reader at (README "Section", docs/x.md "Section") exists', () => {
    const files = ["help", ...listFiles(["src", "scripts", "__tests__", "environments", "docs", "charts", ".github"])].filter(
      (f) => f !== "__tests__/docs.test.ts" && f !== "__tests__/support/markdown.ts",
    );
    const pointers = files.flatMap((file) => sectionPointers(read(file)).map((p) => ({ ...p, from: file })));
    expect(pointers.length).toBeGreaterThan(5);
    const missing = pointers
      .filter((p) => fs.existsSync(path.join(ROOT, p.document)) && !headingAnchors(read(p.document)).includes(githubSlug(p.section)))
      .concat(pointers.filter((p) => !fs.existsSync(path.join(ROOT, p.document))))
      .map((p) => `${p.from}: ${p.document} "${p.section}"`);
    expect(missing).toEqual([]);
  });

  test("the pointer and anchor readers find what they should (a broken pointer or anchor would fail)", () => {
    expect(githubSlug("`network`")).toBe("network");
    expect(githubSlug("Day 2: changes, upgrades, destroy")).toBe("day-2-changes-upgrades-destroy");
    expect(headingAnchors("# A\n\n## A\n\n```\n# not a heading\n```\n")).toEqual(["a", "a-1"]);
    expect(markdownLinks("[a](x.md#b) `[c](d.md)` [e](https://example.com) [f](#g)\n```\n[h](i.md)\n```")).toEqual(["x.md#b", "#g"]);
    expect(sectionPointers('see README "Quick start" and docs/day-2.md "Destroy" (README: HTTP only without a domain)')).toEqual([
      { document: "README.md", section: "Quick start" },
      { document: "docs/day-2.md", section: "Destroy" },
      { document: "README.md", section: "HTTP only without a domain" },
    ]);
  });
});

/** Text files under the given folders (node_modules and build output left out). */
function listFiles(dirs: readonly string[]): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    const abs = path.join(ROOT, rel);
    if (!fs.existsSync(abs)) return;
    for (const entry of fs.readdirSync(abs, { withFileTypes: true })) {
      const child = path.posix.join(rel, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== "node_modules" && entry.name !== "cdktf.out") walk(child);
      } else if (/\.(ts|js|mjs|md|ya?ml|json|tpl|txt)$/.test(entry.name)) {
        out.push(child);
      }
    }
  };
  dirs.forEach(walk);
  return out;
}
