import { CostLine, EnvironmentEstimate, unitUsd, usd } from "./model";

export type CostFormat = "table" | "markdown" | "json";
export const COST_FORMATS: readonly CostFormat[] = ["table", "markdown", "json"];

const amount = (m: CostLine["monthly"]): string => (m.low === m.high ? usd(m.low) : `${usd(m.low)}–${usd(m.high)}`);

/**
 * "$138.41", or for a range its ends and what makes them, and what the spread is made of:
 * "$145.16 (floor: load at minimum, database paused) to $311.43 (ceiling: pools at their limits,
 * database never pausing) per month before usage; the $166.27 between: Karpenter nodes $115.17 (69%),
 * Aurora Serverless v2 compute $51.10 (31%)".
 */
export function totalText(estimate: EnvironmentEstimate, flag = ""): string {
  const { low, high } = estimate.total;
  if (low === high) return `${usd(low)} per month before usage${flag}`;
  const ranged = estimate.stacks
    .flatMap((s) => s.lines)
    .filter((l) => l.monthly.high !== l.monthly.low)
    .sort((a, b) => b.monthly.high - b.monthly.low - (a.monthly.high - a.monthly.low));
  const ends = (end: "low" | "high") => [...new Set(ranged.flatMap((l) => (l.ends ? [l.ends[end]] : [])))].join(", ");
  const parts = new Map<string, number>();
  for (const l of ranged) {
    const name = l.item.replace(/ \(range\)$/, "");
    parts.set(name, (parts.get(name) ?? 0) + l.monthly.high - l.monthly.low);
  }
  const spread = high - low;
  const shares = [...parts]
    .sort((a, b) => b[1] - a[1])
    .map(([name, amount]) => `${name} ${usd(amount)} (${Math.round((100 * amount) / spread)}%)`)
    .join(", ");
  const floor = ends("low") || "every range at its low end";
  const ceiling = ends("high") || "every range at its high end";
  return (
    `${usd(low)} (floor: ${floor}) to ${usd(high)} (ceiling: ${ceiling}) per month before usage${flag}; ` +
    `the ${usd(spread)} between: ${shares}`
  );
}

/** A fixed-width report for the terminal. */
export function formatTable(estimates: readonly EnvironmentEstimate[]): string {
  return estimates.map(tableOf).join("\n\n");
}

function tableOf(e: EnvironmentEstimate): string {
  const lines = e.stacks.flatMap((s) => s.lines);
  const itemWidth = Math.max(28, ...lines.map((l) => l.item.length));
  const amountWidth = Math.max(10, ...lines.map((l) => amount(l.monthly).length), amount(e.total).length);
  const out: string[] = [
    `${e.environment} (${e.region}): ${totalText(e, e.unpriced.length > 0 ? ` (INCOMPLETE: ${e.unpriced.length} not priced)` : "")}`,
    "",
  ];
  if (e.unpriced.length > 0) out.push("NOT PRICED (left out of the total):", ...e.unpriced.map((u) => `  - ${u}`), "");
  for (const stack of e.stacks) {
    out.push(`${stack.stack.padEnd(itemWidth + 2)} ${amount(stack.monthly).padStart(amountWidth)}`);
    for (const line of stack.lines) {
      out.push(`  ${line.item.padEnd(itemWidth)} ${amount(line.monthly).padStart(amountWidth)}  ${line.detail}`);
      if (line.note) out.push(`  ${"".padEnd(itemWidth)} ${"".padStart(amountWidth)}  ${line.note}`);
    }
  }
  out.push(`${"total before usage".padEnd(itemWidth + 2)} ${amount(e.total).padStart(amountWidth)}`, "");
  out.push("Usage-based, not in the total (unit prices):");
  const usageWidth = Math.max(...e.usage.map((u) => u.item.length), 10);
  for (const u of e.usage)
    out.push(
      `  ${u.item.padEnd(usageWidth)}  ${`${unitUsd(u.price)} per ${u.unit}`.padEnd(34)} ${u.stack}${u.detail ? `: ${u.detail}` : ""}`,
    );
  out.push("", "Assumptions:", ...e.assumptions.map((a) => `  - ${a}`));
  out.push("", `Prices: ${e.region} list prices as of ${e.prices.asOf}, from:`, ...e.prices.sources.map((s) => `  ${s}`));
  return out.join("\n");
}

/** Markdown for a pull-request comment or the README. */
export function formatMarkdown(estimates: readonly EnvironmentEstimate[]): string {
  const summary =
    estimates.length > 1
      ? [
          "| environment | region | per month before usage |",
          "| --- | --- | ---: |",
          ...estimates.map(
            (e) =>
              `| ${e.environment} | ${e.region} | ${amount(e.total)}` +
              `${e.unpriced.length > 0 ? ` ⚠️ incomplete: ${e.unpriced.length} not priced` : ""} |`,
          ),
          "",
        ]
      : [];
  return [...summary, ...estimates.map(markdownOf)].join("\n");
}

const cell = (text: string): string => text.replace(/\|/g, "\\|");

function markdownOf(e: EnvironmentEstimate): string {
  const rows = e.stacks.flatMap((s) => [
    ...s.lines.map(
      (l) => `| ${s.stack} | ${cell(l.item)} | ${amount(l.monthly)} | ${cell(l.detail)}${l.note ? `; ${cell(l.note)}` : ""} |`,
    ),
    `| **${s.stack}** | | **${amount(s.monthly)}** | |`,
  ]);
  return [
    `### ${e.environment} (${e.region}): ${totalText(e, e.unpriced.length > 0 ? " (incomplete)" : "")}`,
    "",
    ...(e.unpriced.length > 0
      ? [
          `> [!WARNING]`,
          `> ${e.unpriced.length} item${e.unpriced.length === 1 ? "" : "s"} could not be priced ` +
            `and ${e.unpriced.length === 1 ? "is" : "are"} left out of the total:`,
          ...e.unpriced.map((u) => `> - ⚠️ ${cell(u)}`),
          "",
        ]
      : []),
    "| stack | item | per month | how |",
    "| --- | --- | ---: | --- |",
    ...rows,
    `| **total** | | **${amount(e.total)}** | before usage |`,
    "",
    "<details><summary>Usage-based prices (not in the total), assumptions and sources</summary>",
    "",
    "| stack | item | unit price | note |",
    "| --- | --- | ---: | --- |",
    ...e.usage.map((u) => `| ${u.stack} | ${cell(u.item)} | ${unitUsd(u.price)} per ${u.unit} | ${cell(u.detail ?? "")} |`),
    "",
    ...e.assumptions.map((a) => `- ${a}`),
    `- Prices: ${e.region} list prices as of ${e.prices.asOf}, from:`,
    ...e.prices.sources.map((source) => `  - ${source}`),
    "",
    "</details>",
    "",
  ].join("\n");
}

export function formatJson(estimates: readonly EnvironmentEstimate[]): string {
  return `${JSON.stringify(estimates, null, 2)}\n`;
}

export function formatEstimates(estimates: readonly EnvironmentEstimate[], format: CostFormat): string {
  return format === "json" ? formatJson(estimates) : format === "markdown" ? formatMarkdown(estimates) : formatTable(estimates);
}
