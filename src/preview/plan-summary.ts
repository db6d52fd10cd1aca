/** Counts of a plan's changes by resource type, for the preview's tables. */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

export interface TypeCounts {
  readonly type: string;
  readonly add: number;
  readonly change: number;
  readonly destroy: number;
}

/** Managed resource changes counted per type; a replacement counts as one add and one destroy, as Terraform counts it. */
export function countByType(plan: Json): TypeCounts[] {
  const counts = new Map<string, { add: number; change: number; destroy: number }>();
  for (const change of plan.resource_changes ?? []) {
    if (change.mode !== "managed") continue;
    const actions: string[] = change.change.actions;
    const entry = counts.get(change.type) ?? { add: 0, change: 0, destroy: 0 };
    if (actions.includes("create")) entry.add++;
    if (actions.includes("delete")) entry.destroy++;
    if (actions.includes("update")) entry.change++;
    counts.set(change.type, entry);
  }
  return [...counts.entries()]
    .filter(([, c]) => c.add + c.change + c.destroy > 0)
    .map(([type, c]) => ({ type, ...c }))
    .sort((a, b) => a.type.localeCompare(b.type));
}

export function totals(rows: readonly TypeCounts[]): Omit<TypeCounts, "type"> {
  return rows.reduce((t, r) => ({ add: t.add + r.add, change: t.change + r.change, destroy: t.destroy + r.destroy }), {
    add: 0,
    change: 0,
    destroy: 0,
  });
}

/** A fixed-width text table for the terminal. */
export function textTable(rows: readonly TypeCounts[]): string {
  const all = [...rows, { type: "total", ...totals(rows) }];
  const width = Math.max(13, ...all.map((r) => r.type.length));
  const line = (type: string, add: string, change: string, destroy: string) =>
    `  ${type.padEnd(width)}  ${add.padStart(6)}  ${change.padStart(6)}  ${destroy.padStart(7)}`;
  return [
    line("resource type", "add", "change", "destroy"),
    line("-".repeat(width), "------", "------", "-------"),
    ...rows.map((r) => line(r.type, String(r.add), String(r.change), String(r.destroy))),
    line("-".repeat(width), "------", "------", "-------"),
    line("total", ...(Object.values(totals(rows)).map(String) as [string, string, string])),
  ].join("\n");
}

/** The same table in Markdown. */
export function markdownTable(rows: readonly TypeCounts[]): string {
  const t = totals(rows);
  return [
    "| resource type | add | change | destroy |",
    "| --- | ---: | ---: | ---: |",
    ...rows.map((r) => `| \`${r.type}\` | ${r.add} | ${r.change} | ${r.destroy} |`),
    `| **total** | **${t.add}** | **${t.change}** | **${t.destroy}** |`,
  ].join("\n");
}
