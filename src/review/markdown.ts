/**
 * The review as Markdown for a pull-request comment: the verdict, the refused and allowed findings,
 * the allows used and unused, and per stack the counts, a table of changes and what forces each
 * replacement. Pure text: what to say is decided by `verdict.ts`.
 */
import type { IgnoredAllow, Allow } from "./allow-file";
import type { Finding } from "./findings";
import type { ChangeKind, Row } from "./plan";

/** The first line of every review, so CI can find and update its previous comment. */
export const REVIEW_MARKER = "<!-- road-warrior-plan-review -->";

/** Why a stack its environment file (or its synthesized stack) calls non-production is reviewed as production. */
export function productionNote(tagged: readonly string[], source = "its environment file"): string {
  return (
    `Reviewed as production: ${source} says non-production, but resources of its prior state are tagged ` +
    `${tagged.map((t) => code(`environment-type = ${t}`)).join(", ")}, and only a plan that changes those tags (PR-ENV-1) can lower it.`
  );
}

/** `forced by engine, tags.Name`, or Terraform's reason when it names no attribute. */
export function replacementCause(row: Row): string {
  if (row.replacePaths.length > 0) return `forced by ${row.replacePaths.map(code).join(", ")}`;
  return row.cause ?? "Terraform named no attribute forcing it";
}

/** Said in the verdict of a review whose every change is a create. */
export const EMPTY_STATE_NOTE =
  "Every change is a create, as in a plan against an empty state (`npm run preview`): " +
  "such a plan cannot show replacements or destroys; " +
  "only a plan against the real state (`cdktf diff`, `terraform plan`) can.";

export function verdictLine(blocked: number, allowed: number, createsOnly: boolean): string {
  const findings = (n: number) => (n === 1 ? "1 finding" : `${n} findings`);
  const note = createsOnly ? ` ${EMPTY_STATE_NOTE}` : "";
  if (blocked > 0)
    return (
      `⛔ Refused: ${findings(blocked)} (data lost, its protection stripped, or a plan that is not complete).` +
      `${allowed > 0 ? ` (${findings(allowed)} more allowed by plan-review.allow.)` : ""}${note}`
    );
  if (allowed > 0)
    return `⚠️ Passed with ${findings(allowed)} allowed by plan-review.allow (data lost or its protection stripped on purpose).${note}`;
  return `✅ No change loses data or strips its protection.${note}`;
}

/** Destroys and replacements first, then updates, creates and forgets; plan order within each. */
const ORDER: Readonly<Record<ChangeKind, number>> = { delete: 0, replace: 0, update: 1, forget: 2, create: 3, read: 4 };

export function stackSection(stack: string, rows: readonly Row[], maxTableRows: number, note?: string): string[] {
  const count = (kind: ChangeKind) => rows.filter((r) => r.kind === kind).length;
  const counts = [
    `${count("create")} to add`,
    `${count("update")} to change`,
    `${count("delete")} to destroy`,
    `${count("replace")} to replace`,
  ];
  if (count("forget") > 0) counts.push(`${count("forget")} to forget`);
  const lines = [`### ${code(stack)}`, ""];
  if (note !== undefined) lines.push(note, "");
  if (rows.length === 0) return [...lines, "No changes.", ""];
  lines.push(`${counts.join(", ")}.`, "");

  const sorted = [...rows].sort((a, b) => ORDER[a.kind] - ORDER[b.kind]);
  const shown = sorted.slice(0, maxTableRows);
  const table = ["| Address | Type | Action |", "| --- | --- | --- |", ...shown.map(tableRow)];
  if (sorted.length > shown.length)
    table.push("", `…and ${sorted.length - shown.length} more changes not shown (destroys and replacements come first).`);
  if (rows.length > 15) lines.push(`<details><summary>${rows.length} changes</summary>`, "", ...table, "", "</details>", "");
  else lines.push(...table, "");

  const replaced = rows.filter((r) => r.kind === "replace");
  if (replaced.length > 0) {
    lines.push("**Replaced resources**", "");
    for (const r of replaced) {
      const kept = r.destroysExisting ? "" : " (the existing object is kept: destroy = false)";
      lines.push(`- ${code(r.change.address)}: ${replacementCause(r)}${kept}`);
    }
    lines.push("");
  }
  return lines;
}

function tableRow(row: Row): string {
  const moved = row.change.previous_address ? ` (moved from ${code(row.change.previous_address)})` : "";
  const action = row.kind === "replace" && !row.destroysExisting ? "replace, old object kept" : row.kind;
  const flag = row.verdict === "blocked" ? " ⛔ refused" : row.verdict === "allowed" ? " ⚠️ allowed" : "";
  return `| ${code(row.change.address)}${moved} | ${code(row.change.type)} | ${action}${flag} |`;
}

/** A Markdown code span that also survives inside a table cell. */
export function code(text: string): string {
  const fence = text.includes("`") ? "``" : "`";
  return `${fence}${text.includes("`") ? ` ${text} ` : text}${fence}`.replace(/\|/g, "\\|");
}

/** Quotes a word for a POSIX shell only when it needs it (`aws_s3_bucket.b["x"]` does). */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_.:/@%+=,-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** What the Markdown of a review shows. */
export interface ReviewContent {
  readonly blocked: readonly Finding[];
  readonly allowed: readonly Finding[];
  readonly usedAllows: readonly Allow[];
  readonly unusedAllows: readonly Allow[];
  readonly ignoredAllows: readonly IgnoredAllow[];
  readonly createsOnly: boolean;
  /** Per stack its changes, each flagged when a finding is about it, and a note on its environment type. */
  readonly stacks: readonly { readonly stack: string; readonly rows: readonly Row[]; readonly note?: string }[];
  readonly maxTableRows: number;
}

/** The whole comment: the marker, the verdict, the findings, the allows, and a section per stack. */
export function reviewMarkdown(content: ReviewContent): string {
  const { blocked, allowed, usedAllows, unusedAllows, ignoredAllows, createsOnly } = content;
  const lines = [REVIEW_MARKER, verdictLine(blocked.length, allowed.length, createsOnly), ""];
  if (blocked.length > 0) {
    lines.push("### ⛔ Refused", "", ...blocked.map((f) => `- ${f.message}`), "");
    lines.push(
      "Allow a change only when losing that data or protection is intended: " +
        "add the line shown to `plan-review.allow` in this pull request, with the reason (see docs/plan-review.md).",
      "",
    );
  }
  if (allowed.length > 0) lines.push("### ⚠️ Allowed by plan-review.allow", "", ...allowed.map((f) => `- ${f.message}`), "");
  if (usedAllows.length > 0)
    lines.push(
      "**Allows used**",
      "",
      ...usedAllows.map((a) => `- ${a.source}: ${code(`${a.stack}:${a.address}${a.rule ? ` ${a.rule}` : ""}`)}: ${a.reason}`),
      "",
    );
  if (unusedAllows.length > 0)
    lines.push(
      `Unused allows (nothing in these plans matches them): ` +
        `${unusedAllows.map((a) => `${a.source} ${code(`${a.stack}:${a.address}${a.rule ? ` ${a.rule}` : ""}`)}`).join(", ")}`,
      "",
    );
  if (ignoredAllows.length > 0) lines.push("**Allows that allow nothing**", "", ...ignoredAllows.map((i) => `- ${i.source}: ${i.why}`), "");
  for (const { stack, rows, note } of content.stacks) lines.push(...stackSection(stack, rows, content.maxTableRows, note));
  return `${lines.join("\n").trimEnd()}\n`;
}
