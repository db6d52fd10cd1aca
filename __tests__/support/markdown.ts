/**
 * Just enough Markdown reading to check links and anchors the way GitHub renders them: headings
 * outside fenced code, their anchors (GitHub's slug rules), links outside code, and the plain-text
 * pointers ("see README \"Quick start\"") that code and environment files leave for a reader.
 */

/** The text with fenced code blocks blanked (a `#` or a link inside one is not Markdown). */
function withoutFences(markdown: string): string {
  const lines = markdown.split("\n");
  let fence: string | undefined;
  return lines
    .map((line) => {
      const marker = /^\s{0,3}(`{3,}|~{3,})/.exec(line)?.[1];
      if (fence === undefined && marker) {
        fence = marker[0];
        return "";
      }
      if (fence !== undefined) {
        if (marker?.[0] === fence) fence = undefined;
        return "";
      }
      return line;
    })
    .join("\n");
}

/**
 * The anchor GitHub gives a heading: inline Markdown reduced to its text, lower case, every
 * character that is not a letter, mark, digit, connector (`_`), space or hyphen dropped, spaces
 * turned into hyphens.
 */
export function githubSlug(heading: string): string {
  const text = heading
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/<[^>]+>/g, "")
    .replace(/[`*]/g, "")
    .trim();
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, "")
    .replace(/ /g, "-");
}

/** Every anchor of a Markdown document: its headings' slugs (repeats numbered -1, -2, as GitHub does) and explicit `<a id>`s. */
export function headingAnchors(markdown: string): string[] {
  const text = withoutFences(markdown);
  const seen = new Map<string, number>();
  const anchors: string[] = [];
  for (const match of text.matchAll(/^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$/gm)) {
    const slug = githubSlug(match[1]);
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    anchors.push(count === 0 ? slug : `${slug}-${count}`);
  }
  for (const match of text.matchAll(/<a\s+(?:id|name)="([^"]+)"/g)) anchors.push(match[1]);
  return anchors;
}

/** The relative targets of a document's links and images (URLs with a scheme left out), outside code. */
export function markdownLinks(markdown: string): string[] {
  const text = withoutFences(markdown).replace(/`[^`\n]*`/g, "");
  const targets = [
    ...[...text.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1]),
    ...[...text.matchAll(/^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/gm)].map((m) => m[1]),
  ];
  return targets.filter((t) => !/^[a-z][a-z0-9+.-]*:/i.test(t));
}

/** A pointer to a section of a document: README.md or a file under docs/. */
export interface SectionPointer {
  readonly document: string;
  readonly section: string;
}

/**
 * The sections a text sends its reader to, in the two forms the project writes:
 * `README "Quick start"` / `docs/day-2.md "Destroy"` (one quoted heading), and
 * `(README: Quick start, Requirements)` (headings separated by commas, inside parentheses).
 */
export function sectionPointers(text: string): SectionPointer[] {
  const found: { index: number; pointer: SectionPointer }[] = [];
  for (const m of text.matchAll(/\b(README(?:\.md)?|docs\/[\w.-]+\.md)(?:'s)? "([^"\n]+)"/g)) {
    const document = m[1].startsWith("README") ? "README.md" : m[1];
    found.push({ index: m.index ?? 0, pointer: { document, section: m[2] } });
  }
  for (const m of text.matchAll(/\(README: ([^)\n]+)\)/g)) {
    for (const section of m[1].split(", ")) {
      found.push({ index: m.index ?? 0, pointer: { document: "README.md", section: section.trim() } });
    }
  }
  return found.sort((a, b) => a.index - b.index).map((f) => f.pointer);
}
