/*
 * The cost diff's arithmetic and wording on two hand-built estimates (no synth, no git): which line
 * is added, removed, resized or repriced, the floor and ceiling totals, the approval threshold, and
 * that nothing unpriced is ever printed as $0. The same diff from two real commits is in
 * cost-diff-git.test.ts.
 */
import { diffEnvironment, CostSnapshot, stacksDiffer } from "../src/cost/diff";
import { formatDiff, formatDiffMarkdown, NEEDS_APPROVAL_MARKER } from "../src/cost/diff-format";
import { CostLine, EnvironmentEstimate } from "../src/cost/model";
import { builtInRaw, issuesOf } from "./support/environments";

const line = (stack: string, item: string, low: number, detail: string, addresses: string[], high = low): CostLine => ({
  stack,
  item,
  detail,
  monthly: { low, high },
  addresses,
});

function estimate(lines: CostLine[], unpriced: string[] = [], asOf = "2026-11-01"): EnvironmentEstimate {
  const stacks = ["dev-data", "dev-cluster", "dev-apps"].map((stack) => {
    const own = lines.filter((l) => l.stack === stack);
    return {
      stack,
      lines: own,
      monthly: { low: own.reduce((t, l) => t + l.monthly.low, 0), high: own.reduce((t, l) => t + l.monthly.high, 0) },
    };
  });
  const total = {
    low: Math.round(lines.reduce((t, l) => t + l.monthly.low, 0) * 100) / 100,
    high: Math.round(lines.reduce((t, l) => t + l.monthly.high, 0) * 100) / 100,
  };
  return {
    environment: "dev",
    region: "eu-central-1",
    date: "2026-12-07",
    prices: { asOf, sources: [] },
    stacks,
    usage: [],
    total,
    assumptions: [],
    unpriced,
  };
}

const nodeGroup = (type: string) => ({
  resource: { aws_eks_node_group: { general: { instance_types: [type] } }, aws_kms_key: { Key: {} } },
});
const data = (buckets: string[]) => ({ resource: { aws_s3_bucket: Object.fromEntries(buckets.map((b) => [b, { bucket: b }])) } });

const BASE: CostSnapshot = {
  estimate: estimate([
    line("dev-data", "S3 buckets (baseline)", 0.05, "2 buckets × 1 GB × $0.0245/GB-month", ["aws_s3_bucket.a", "aws_s3_bucket.b"]),
    line("dev-data", "Secrets Manager secrets", 1.6, "4 secrets × $0.40/month", []),
    line("dev-cluster", 'Nodes "general" (Spot)', 11.21, "1 × t4g.medium", ["aws_eks_node_group.general"]),
    line("dev-cluster", "KMS keys", 3, "1 key at $3.00", ["aws_kms_key.Key"]),
    line("dev-apps", "Karpenter nodes (range)", 13.12, "floor: 3 pods on 1 × t4g.medium", [], 260.84),
  ]),
  stacks: {
    "dev-data": data(["a", "b"]),
    "dev-cluster": nodeGroup("t4g.medium"),
    "dev-apps": { resource: { helm_release: { trips: { values: ["replicas: 1"] } } } },
  },
};

const HEAD: CostSnapshot = {
  estimate: estimate([
    line("dev-data", "S3 buckets (baseline)", 0.07, "3 buckets × 1 GB × $0.0245/GB-month", [
      "aws_s3_bucket.a",
      "aws_s3_bucket.b",
      "aws_s3_bucket.c",
    ]),
    line("dev-cluster", 'Nodes "general" (Spot)', 22.42, "1 × t4g.large", ["aws_eks_node_group.general"]),
    // The same key, a new price: repriced, not resized.
    line("dev-cluster", "KMS keys", 3.5, "1 key at $3.50", ["aws_kms_key.Key"]),
    line("dev-apps", "Karpenter nodes (range)", 26.24, "floor: 6 pods on 2 × t4g.medium", [], 260.84),
    line("dev-apps", "CloudWatch dashboard", 3, "1 dashboard × $3.00/month", ["aws_cloudwatch_dashboard.main"]),
  ]),
  stacks: {
    "dev-data": data(["a", "b", "c"]),
    "dev-cluster": nodeGroup("t4g.large"),
    "dev-apps": { resource: { helm_release: { trips: { values: ["replicas: 2"] } } } },
  },
};

describe("a diff line per changed item, with the estimate's reasoning", () => {
  const diff = diffEnvironment(BASE, HEAD);
  const change = (item: string) => diff.changes.find((c) => c.item === item);

  test("floor and ceiling before, after and the difference, to the cent", () => {
    expect(diff.before).toEqual({ low: 28.98, high: 276.7, complete: true });
    expect(diff.after).toEqual({ low: 55.23, high: 289.83, complete: true });
    expect(diff.difference).toEqual({ low: 26.25, high: 13.13, complete: true });
    expect(diff.touched).toBe(true);
  });

  test("a line whose resources changed is resized; the same resources at another price are repriced", () => {
    expect(change('Nodes "general" (Spot)')).toMatchObject({
      kind: "resized",
      difference: { low: 11.21, high: 11.21 },
      reason: "1 × t4g.large",
      was: "1 × t4g.medium",
    });
    expect(change("S3 buckets (baseline)")).toMatchObject({ kind: "resized", difference: { low: 0.02, high: 0.02 } });
    // No address: Karpenter's floor comes from the services, so its stack changing is what resizes it.
    expect(change("Karpenter nodes (range)")).toMatchObject({ kind: "resized", difference: { low: 13.12, high: 0 } });
    expect(formatDiffMarkdown({ base: { ref: "main" }, environments: [diff] })).toContain("| +$13.12 floor, $0.00 ceiling |");
    expect(change("KMS keys")).toMatchObject({ kind: "repriced", difference: { low: 0.5, high: 0.5 } });
  });

  test("a line only the head has is added, one only the base has is removed (a negative difference)", () => {
    expect(change("CloudWatch dashboard")).toMatchObject({ kind: "added", after: { low: 3, high: 3 }, difference: { low: 3, high: 3 } });
    expect(change("Secrets Manager secrets")).toMatchObject({
      kind: "removed",
      before: { low: 1.6, high: 1.6 },
      difference: { low: -1.6 },
    });
    expect(diff.changes).toHaveLength(6);
  });

  test("the Markdown names each change, its amounts and reason, and the totals with signs", () => {
    const markdown = formatDiffMarkdown({ base: { ref: "origin/main", commit: "0123456789abcdef" }, environments: [diff] });
    expect(markdown).toContain("### dev (eu-central-1): +$26.25 floor, +$13.13 ceiling per month");
    expect(markdown).toContain("| before (origin/main `0123456789ab`) | $28.98 | $276.70 |");
    expect(markdown).toContain("| **difference** | **+$26.25** | **+$13.13** |");
    expect(markdown).toContain(
      '| resized | dev-cluster | Nodes "general" (Spot) | $11.21 | $22.42 | +$11.21 | 1 × t4g.large (was: 1 × t4g.medium) |',
    );
    expect(markdown).toContain("| removed | dev-data | Secrets Manager secrets | $1.60 | — | −$1.60 | 4 secrets × $0.40/month |");
    expect(markdown).not.toContain(NEEDS_APPROVAL_MARKER);
  });

  test("the terminal table has the same figures, one line per change", () => {
    const table = formatDiff({ base: { ref: "origin/main" }, environments: [diff] }, "table");
    expect(table).toContain("  floor   $28.98 -> $55.23 (+$26.25)");
    expect(table).toContain("  ceiling $276.70 -> $289.83 (+$13.13)");
    expect(table).toMatch(/ {2}removed +−\$1\.60 {2}dev-data: Secrets Manager secrets: 4 secrets × \$0\.40\/month/);
  });

  test("JSON carries the same diff, for scripts", () => {
    const json = JSON.parse(formatDiff({ base: { ref: "origin/main" }, environments: [diff] }, "json"));
    expect(json.environments[0].difference).toEqual({ low: 26.25, high: 13.13, complete: true });
    expect(json.environments[0].changes.map((c: { kind: string }) => c.kind).sort()).toEqual([
      "added",
      "removed",
      "repriced",
      "resized",
      "resized",
      "resized",
    ]);
  });
});

describe("touched: the environment's synthesized stacks differ", () => {
  test("cdktf's // metadata (construct paths) is not a change; a resource argument is", () => {
    const withPath = (p: string) => ({
      "//": { metadata: { path: p } },
      resource: { aws_s3_bucket: { a: { "//": { path: p }, bucket: "a" } } },
    });
    expect(stacksDiffer({ s: withPath("x") }, { s: withPath("y") })).toBe(false);
    expect(stacksDiffer({ s: data(["a"]) }, { s: data(["a", "b"]) })).toBe(true);
    expect(stacksDiffer({ s: data(["a"]) }, { s: data(["a"]), t: data([]) })).toBe(true);
  });

  test("an untouched environment gets one line, not a section", () => {
    const same = diffEnvironment(BASE, BASE);
    expect(same).toMatchObject({ touched: false, changes: [], difference: { low: 0, high: 0 } });
    const markdown = formatDiffMarkdown({ base: { ref: "main" }, environments: [same] });
    expect(markdown).toContain("Untouched (same synthesized stacks): dev.");
    expect(markdown).not.toContain("### dev");
  });

  test("the same stacks at other prices are shown too: a price table change moves every figure", () => {
    const dearer = {
      ...BASE,
      estimate: estimate(
        BASE.estimate.stacks.flatMap((s) => s.lines).map((l) => ({ ...l, monthly: { low: l.monthly.low * 2, high: l.monthly.high * 2 } })),
      ),
    };
    const repriced = diffEnvironment(BASE, dearer);
    expect(repriced.touched).toBe(false);
    expect(repriced.changes.every((c) => c.kind === "repriced")).toBe(true);
    const markdown = formatDiffMarkdown({ base: { ref: "main" }, environments: [repriced] });
    expect(markdown).toContain("### dev (eu-central-1): +$28.98 floor, +$276.70 ceiling per month");
    expect(markdown).toContain("Its synthesized stacks are the same: what changed is how they are priced.");
    expect(markdown).not.toContain("Untouched");
  });

  test("a new environment's before is nothing, shown as new rather than $0", () => {
    const added = diffEnvironment(undefined, HEAD);
    expect(added).toMatchObject({ newEnvironment: true, touched: true, difference: { low: 55.23, high: 289.83 } });
    expect(added.changes.every((c) => c.kind === "added")).toBe(true);
    expect(formatDiffMarkdown({ base: { ref: "main" }, environments: [added] })).toContain("| before (main) | — (new) | — (new) |");
  });
});

describe("nothing unpriced is shown as $0", () => {
  test("an item without a price is flagged, and the totals say they leave it out", () => {
    const head = { ...HEAD, estimate: { ...HEAD.estimate, unpriced: ["dev-apps: resource type aws_foo has no price rule"] } };
    const diff = diffEnvironment(BASE, head);
    expect(diff.after.complete).toBe(false);
    expect(diff.difference.complete).toBe(false);
    const markdown = formatDiffMarkdown({ base: { ref: "main" }, environments: [diff] });
    expect(markdown).toContain(
      "> - ⚠️ not priced after (left out of the totals, not $0): dev-apps: resource type aws_foo has no price rule",
    );
    expect(markdown).toContain("| after (this change) | $55.23 + ⚠️ unpriced | $289.83 + ⚠️ unpriced |");
  });

  test("a region without prices prints no figure at all", () => {
    // What estimateEnvironment returns for a region it has no table for: zeros, asOf none, the region unpriced.
    const head = {
      ...HEAD,
      estimate: { ...estimate([], ["no price table for region ap-south-2"], "none"), region: "ap-south-2" },
    };
    const diff = diffEnvironment(BASE, head);
    const markdown = formatDiffMarkdown({ base: { ref: "main" }, environments: [diff] });
    expect(markdown).toContain("### dev (ap-south-2): ⚠️ the region is not priced");
    expect(markdown).toContain("| after (this change) | ⚠️ not priced (region) | ⚠️ not priced (region) |");
    expect(markdown).not.toMatch(/\| \$0\.00 \|/);
    expect(markdown).not.toContain("−$28.98");
  });
});

describe("cost.approvalThresholdUsd: a banner and a label, never a block", () => {
  test("a floor raised by more than the threshold needs approval; the banner and the workflow's marker say so", () => {
    const diff = diffEnvironment(BASE, HEAD, 20);
    expect(diff).toMatchObject({ needsApproval: true, approvalThresholdUsd: 20 });
    expect(diff.approvalReason).toBe("the floor rises by $26.25 a month, more than the $20.00 threshold");
    const markdown = formatDiffMarkdown({ base: { ref: "main" }, environments: [diff] });
    expect(markdown.split("\n")[1]).toBe(NEEDS_APPROVAL_MARKER);
    expect(markdown).toContain("> **needs cost approval**: the floor rises by $26.25 a month, more than the $20.00 threshold");
  });

  test("a rise up to the threshold, or a cheaper change, needs none; without a threshold nothing is asked", () => {
    expect(diffEnvironment(BASE, HEAD, 26.25).needsApproval).toBe(false);
    expect(diffEnvironment(HEAD, BASE, 0).needsApproval).toBe(false);
    expect(diffEnvironment(BASE, HEAD).needsApproval).toBe(false);
  });

  test("an unpriced change cannot be shown to stay under the threshold, so it asks for approval", () => {
    const head = { ...HEAD, estimate: { ...HEAD.estimate, unpriced: ["x"] } };
    expect(diffEnvironment(BASE, head, 1000)).toMatchObject({
      needsApproval: true,
      approvalReason: expect.stringMatching(/cannot be checked/),
    });
  });

  test("the threshold is validated: a negative amount or text names the field and the rule", () => {
    const withThreshold = (value: unknown) => ({ ...builtInRaw("dev"), cost: { approvalThresholdUsd: value } });
    expect(issuesOf({ "dev.yaml": withThreshold(25) })).toEqual([]);
    expect(issuesOf({ "dev.yaml": withThreshold(-1) })).toEqual([
      expect.objectContaining({ path: "cost.approvalThresholdUsd", rule: "must be 0 or more" }),
    ]);
    expect(issuesOf({ "dev.yaml": withThreshold("lots") })).toEqual([
      expect.objectContaining({ path: "cost.approvalThresholdUsd", rule: "must be a number of US dollars per month" }),
    ]);
    expect(issuesOf({ "dev.yaml": { ...builtInRaw("dev"), cost: { threshold: 5 } } })).toEqual([
      expect.objectContaining({ path: expect.stringMatching(/^cost/) }),
    ]);
  });
});

test("a base that does not synthesize: one line saying so, then the head alone", () => {
  const markdown = formatDiffMarkdown({
    base: { ref: "main", commit: "abc" },
    baseError: "The base main (abc) does not synthesize: boom.",
    environments: [],
    headOnly: [HEAD.estimate],
  });
  expect(markdown).toContain("> The base main (abc) does not synthesize: boom. This is the head alone:");
  expect(markdown).toContain("### dev (eu-central-1): $55.23");
});
