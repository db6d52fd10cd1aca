import { DiffTotal, EnvironmentCostDiff, ItemChange } from "./diff";
import { CostFormat, formatMarkdown, formatTable } from "./format";
import { EnvironmentEstimate, usd } from "./model";

/** The cost change of a pull request: per environment, base against head; or the head alone when the base could not be synthesized. */
export interface CostDiffReport {
  readonly base: { readonly ref: string; readonly commit?: string };
  /** One line: why the base could not be synthesized. The report then holds the head's estimates alone. @default - none */
  readonly baseError?: string;
  readonly environments: readonly EnvironmentCostDiff[];
  /** The head's estimates, when the base could not be synthesized. @default - none */
  readonly headOnly?: readonly EnvironmentEstimate[];
}

/** The first line of the Markdown: the workflow finds the diff by it. */
export const COST_DIFF_MARKER = "<!-- road-warrior-cost-diff -->";
export const NEEDS_APPROVAL = "needs cost approval";
/** A line of the Markdown when some touched environment needs cost approval: the workflow labels the pull request on it. */
export const NEEDS_APPROVAL_MARKER = "<!-- road-warrior-needs-cost-approval -->";

const signed = (amount: number): string => (amount > 0 ? `+${usd(amount)}` : amount < 0 ? `−${usd(-amount)}` : usd(0));
const range = (m: { low: number; high: number }, money: (n: number) => string = usd): string =>
  m.low === m.high ? money(m.low) : `${money(m.low)}–${money(m.high)}`;

/** A total as printed: never $0 for what could not be priced. */
function figure(total: DiffTotal, end: "low" | "high", money: (n: number) => string = usd): string {
  if (total.regionUnpriced) return "⚠️ not priced (region)";
  return total.complete ? money(total[end]) : `${money(total[end])} + ⚠️ unpriced`;
}

const cell = (text: string): string => text.replace(/\|/g, "\\|").replace(/\n/g, " ");
const short = (commit?: string): string => (commit ? ` \`${commit.slice(0, 12)}\`` : "");

function headline(d: EnvironmentCostDiff): string {
  if (d.difference.regionUnpriced) return `${d.environment} (${d.region}): ⚠️ the region is not priced`;
  const floor = figure(d.difference, "low", signed);
  const ceiling = figure(d.difference, "high", signed);
  return `${d.environment} (${d.region}): ${floor} floor, ${ceiling} ceiling per month${d.newEnvironment ? " (new environment)" : ""}`;
}

function unpricedLines(d: EnvironmentCostDiff): string[] {
  return [
    ...d.unpriced.head.map((u) => `⚠️ not priced after (left out of the totals, not $0): ${u}`),
    ...d.unpriced.base.filter((u) => !d.unpriced.head.includes(u)).map((u) => `⚠️ not priced before: ${u}`),
  ];
}

const changeDifference = ({ low, high }: ItemChange["difference"]): string =>
  low === high ? signed(low) : `${signed(low)} floor, ${signed(high)} ceiling`;

const changeRow = (c: ItemChange): string =>
  `| ${c.kind} | ${c.stack} | ${cell(c.item)} | ${c.before ? range(c.before) : "—"} | ${c.after ? range(c.after) : "—"} | ` +
  `${changeDifference(c.difference)} | ${cell(c.reason)}${c.was ? ` (was: ${cell(c.was)})` : ""} |`;

function markdownOf(d: EnvironmentCostDiff, base: CostDiffReport["base"]): string {
  const unpriced = unpricedLines(d);
  return [
    `### ${headline(d)}`,
    "",
    ...(d.touched ? [] : ["Its synthesized stacks are the same: what changed is how they are priced.", ""]),
    ...(d.needsApproval
      ? [`> [!CAUTION]`, `> **${NEEDS_APPROVAL}**: ${d.approvalReason} (\`cost.approvalThresholdUsd\` of ${d.environment}).`, ""]
      : []),
    ...(unpriced.length > 0 ? [`> [!WARNING]`, ...unpriced.map((u) => `> - ${cell(u)}`), ""] : []),
    "| per month | floor | ceiling |",
    "| --- | ---: | ---: |",
    `| before (${base.ref}${short(base.commit)}) | ${d.newEnvironment ? "— (new)" : figure(d.before, "low")} | ` +
      `${d.newEnvironment ? "— (new)" : figure(d.before, "high")} |`,
    `| after (this change) | ${figure(d.after, "low")} | ${figure(d.after, "high")} |`,
    `| **difference** | **${figure(d.difference, "low", signed)}** | **${figure(d.difference, "high", signed)}** |`,
    "",
    ...(d.changes.length > 0
      ? [
          "| change | stack | item | before | after | difference | why (the estimate's reasoning) |",
          "| --- | --- | --- | ---: | ---: | ---: | --- |",
          ...d.changes.map(changeRow),
        ]
      : ["No priced line changed: the stacks differ in resources that cost nothing before usage."]),
    "",
  ].join("\n");
}

/**
 * Shown in full: a touched environment, or one whose lines changed without its stacks changing (a
 * price table or a meter changed: repriced). The others are listed in one line.
 */
const shown = (d: EnvironmentCostDiff): boolean => d.touched || d.changes.length > 0;

/** Markdown for the top of the pull-request review comment: each touched environment, then the untouched in one line. */
export function formatDiffMarkdown(report: CostDiffReport): string {
  const title = `## Monthly cost change against ${report.base.ref}${short(report.base.commit)}`;
  if (report.baseError !== undefined)
    return [
      COST_DIFF_MARKER,
      title,
      "",
      `> [!WARNING]`,
      `> ${cell(report.baseError)} This is the head alone:`,
      "",
      formatMarkdown(report.headOnly ?? []),
    ].join("\n");
  const touched = report.environments.filter(shown);
  const untouched = report.environments.filter((d) => !shown(d)).map((d) => d.environment);
  return [
    COST_DIFF_MARKER,
    ...(touched.some((d) => d.needsApproval) ? [NEEDS_APPROVAL_MARKER] : []),
    title,
    "",
    ...(touched.length === 0 ? ["No environment's synthesized stacks change.", ""] : touched.map((d) => markdownOf(d, report.base))),
    ...(untouched.length > 0 ? [`Untouched (same synthesized stacks): ${untouched.join(", ")}.`, ""] : []),
  ].join("\n");
}

/** Plain text for the terminal. */
export function formatDiffTable(report: CostDiffReport): string {
  const title = `Monthly cost change against ${report.base.ref}${report.base.commit ? ` (${report.base.commit.slice(0, 12)})` : ""}`;
  if (report.baseError !== undefined)
    return [title, `WARNING: ${report.baseError} This is the head alone:`, "", formatTable(report.headOnly ?? [])].join("\n");
  const out = [title, ""];
  for (const d of report.environments) {
    if (!shown(d)) {
      out.push(`${d.environment}: untouched (same synthesized stacks)`, "");
      continue;
    }
    out.push(headline(d));
    if (d.needsApproval) out.push(`  ${NEEDS_APPROVAL.toUpperCase()}: ${d.approvalReason}`);
    out.push(...unpricedLines(d).map((u) => `  ${u}`));
    const end = (name: string, e: "low" | "high") => {
      const before = d.newEnvironment ? "(new)" : figure(d.before, e);
      return `  ${name.padEnd(7)} ${before} -> ${figure(d.after, e)} (${figure(d.difference, e, signed)})`;
    };
    out.push(end("floor", "low"), end("ceiling", "high"));
    for (const c of d.changes)
      out.push(`  ${c.kind.padEnd(8)} ${range(c.difference, signed).padStart(18)}  ${c.stack}: ${c.item}: ${c.reason}`);
    out.push("");
  }
  return out.join("\n");
}

export function formatDiff(report: CostDiffReport, format: CostFormat): string {
  if (format === "json") return `${JSON.stringify(report, null, 2)}\n`;
  return format === "markdown" ? formatDiffMarkdown(report) : formatDiffTable(report);
}
