import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { stringify } from "yaml";
import { validateEnvironments } from "../src/config/load";
import { EnvironmentConfig } from "../src/config/schema";
import { EnvironmentStacks, environmentStacks } from "../src/cost/environment-stacks";
import { estimateEnvironment } from "../src/cost/estimate";
import { formatJson, formatMarkdown, formatTable } from "../src/cost/format";
import { CostError, CostLine, EnvironmentEstimate } from "../src/cost/model";
import { burstableSurplusHourly } from "../src/cost/meters/karpenter";
import { PRICE_TABLES } from "../src/cost/prices";
import { stackView } from "../src/synthesized/stack-view";
import { synthesizedStacks } from "../src/synth";
import { runCost } from "../scripts/cost";
import { builtInRaw, ENVIRONMENTS_DIR } from "./support/environments";
import { synthAppDir } from "./support/stacks";

const DAY = new Date("2026-11-24T12:00:00Z");
const FIXTURES = path.join(__dirname, "fixtures", "cost");

function config(file: string, text: string): EnvironmentConfig {
  return validateEnvironments([{ file, text }])[0].config;
}
const fixture = (name: string) => config(`${name}.yaml`, fs.readFileSync(path.join(FIXTURES, `${name}.yaml`), "utf8"));
const variant = (name: "dev" | "prod", change: (raw: Record<string, any>) => void) => {
  const raw = builtInRaw(name);
  change(raw);
  return config(`${name}.yaml`, stringify(raw));
};

/**
 * The environments' stacks as the cost tool reads them (`environmentStacks`), from the run's shared
 * synth of the same configs (support/stacks.ts) rather than a synth per test; the tool's own synth
 * runs in the `npm run cost` tests below.
 */
function synthesizeEnvironmentStacks(configs: EnvironmentConfig[]): EnvironmentStacks[] {
  const byName = new Map(synthesizedStacks(synthAppDir(configs)).map((s) => [s.name, s.json]));
  return configs.map((cfg) => ({ config: cfg, stacks: environmentStacks(cfg, byName) }));
}

function estimate(cfg: EnvironmentConfig, date = DAY): EnvironmentEstimate {
  const [{ stacks }] = synthesizeEnvironmentStacks([cfg]);
  return estimateEnvironment({ environment: cfg.name, region: cfg.region, stacks, date, config: cfg });
}

const line = (e: EnvironmentEstimate, item: string | RegExp): CostLine => {
  const found = e.stacks.flatMap((s) => s.lines).filter((l) => (typeof item === "string" ? l.item === item : item.test(l.item)));
  if (found.length !== 1)
    throw new Error(`${found.length} lines match ${item}: ${e.stacks.flatMap((s) => s.lines.map((l) => l.item)).join(" | ")}`);
  return found[0];
};
const stackTotal = (e: EnvironmentEstimate, stack: string) => e.stacks.find((s) => s.stack === stack)!.monthly;

describe("cost estimate of the lean fixture (us-east-1), pinned to figures computed by hand", () => {
  const e = estimate(fixture("lean"));

  test.each<[string | RegExp, number, string]>([
    // 1 × $0.10 × 730 h
    ["EKS control plane", 73.0, "lean-cluster"],
    // on-demand launches the first type: 2 × t4g.large $0.0672 × 730 = 98.112
    [/^Nodes "general" \(on-demand\)$/, 98.11, "lean-cluster"],
    // 2 × 30 GB × $0.08
    [/^Node root volumes/, 4.8, "lean-cluster"],
    // 1 × $0.045 × 730
    ["NAT gateway", 32.85, "lean-network"],
    // 1 × $0.005 × 730
    ["Public IPv4 (Elastic IPs)", 3.65, "lean-network"],
    // sts in 2 AZs × $0.01 × 730
    ["Interface VPC endpoints", 14.6, "lean-network"],
    ["Gateway VPC endpoints (S3)", 0, "lean-network"],
    // writer + reader × 0.5 ACU × $0.12 × 730
    ["Aurora Serverless v2 compute", 87.6, "lean-data"],
    // 10 GB × $0.10
    ["Aurora storage baseline", 1.0, "lean-data"],
    ["Database Insights (Standard)", 0, "lean-data"],
    // api's database user + the RDS-managed master secret, and ... × $0.40
    ["Secrets Manager secrets", 1.2, "lean-data"],
    // 2 repositories × 1 GB × $0.10
    ["ECR repositories (baseline)", 0.2, "lean-data"],
    // one ingress group: $0.0225 × 730 = 16.425, half up
    [/^ALB "road-warrior-lean" \(internet-facing/, 16.43, "lean-apps"],
    // one address per public subnet: 2 × $0.005 × 730
    [/^Public IPv4 of ALB/, 7.3, "lean-apps"],
  ])("%s: $%d in %s", (item, amount, stack) => {
    const l = line(e, item);
    expect(l.stack).toBe(stack);
    expect(l.monthly).toEqual({ low: amount, high: amount });
  });

  test("stack and environment totals add the printed (rounded) lines", () => {
    // Each key rotates yearly: $1 + $1 for each of its first two rotations = $3 a month for good.
    expect(stackTotal(e, "bootstrap-333333333333")).toEqual({ low: 3.05, high: 3.05 }); // key $3 + 2 buckets × 1 GB × $0.023
    expect(stackTotal(e, "lean-network")).toEqual({ low: 54.1, high: 54.1 }); // 32.85 + 3.65 + 14.60 + key 3.00
    expect(stackTotal(e, "lean-data")).toEqual({ low: 93.05, high: 93.05 }); // 87.60 + 1.00 + 0 + 3.00 + 1.20 + 0.05 + 0.20
    expect(stackTotal(e, "lean-cluster")).toEqual({ low: 179.41, high: 179.41 }); // 73 + 98.11 + 4.80 + 3.00 + 5 alarms 0.50
    // Non-production: no ALB alarms and no dashboard (no service-level promise to page for).
    expect(stackTotal(e, "lean-apps")).toEqual({ low: 23.73, high: 23.73 }); // 16.43 + 7.30
    expect(e.total).toEqual({ low: 353.34, high: 353.34 });
  });

  test("a rotated KMS key is priced with its first two rotations ($3 a month for good), an unrotated one at $1", () => {
    const keys = e.stacks.flatMap((s) => s.lines).filter((l) => l.item === "KMS keys");
    expect(keys.map((l) => [l.stack, l.monthly.low])).toEqual([
      ["bootstrap-333333333333", 3],
      ["lean-network", 3],
      ["lean-data", 3],
      ["lean-cluster", 3],
    ]);
    expect(keys[0].detail).toMatch(/1 rotated yearly: \$1\.00\/month \+ \$1\.00\/month for each of the first 2 rotations = \$3\.00\/month/);
    const unrotated = { resource: { aws_kms_key: { K: { enable_key_rotation: false } } } };
    const [only] = estimateEnvironment({
      environment: "x",
      region: "us-east-1",
      stacks: [stackView("x-data", unrotated)],
      date: DAY,
    }).stacks.flatMap((s) => s.lines);
    expect(only.monthly).toEqual({ low: 1, high: 1 });
  });

  test("every line says how its figure is made, and names the resources it prices", () => {
    for (const l of e.stacks.flatMap((s) => s.lines)) {
      expect(l.detail.length).toBeGreaterThan(10);
      // Lines for something turned off (the SLO alarms, the synthetic checks, the dashboard: what turning them on adds)
      // and the controller's ALB addresses price nothing Terraform creates, so they name no resource.
      if (!/^(Public IPv4 of ALB)/.test(l.item) && !/\(off\)$/.test(l.item)) expect(l.addresses.length).toBeGreaterThan(0);
    }
  });

  test("usage-based prices are listed apart with their units, never in the total", () => {
    const usage = Object.fromEntries(e.usage.map((u) => [u.item, u]));
    expect(usage["NAT gateway data processed"]).toMatchObject({ price: 0.045, unit: "GB" });
    expect(usage["Interface endpoint data processed"]).toMatchObject({ price: 0.01, unit: "GB" });
    expect(usage["ALB capacity units"]).toMatchObject({ price: 0.008, unit: "LCU-hour" });
    expect(usage["Aurora I/O"]).toMatchObject({ price: 0.2, unit: "million requests" });
    expect(usage["Data transfer out to the internet"]).toMatchObject({ price: 0.09, unit: "GB" });
    expect(usage["KMS requests"].stack).toBe("bootstrap-333333333333, lean-network, lean-data, lean-cluster");
    const sum = e.stacks.flatMap((s) => s.lines).reduce((t, l) => t + l.monthly.high, 0);
    expect(e.total.high).toBeCloseTo(sum, 6);
  });

  test("prices are dated and sourced", () => {
    expect(e.prices.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(e.prices.sources.some((s) => s.includes("https://aws.amazon.com/eks/pricing/"))).toBe(true);
    expect(e.date).toBe("2026-11-24");
  });
});

describe("cost rules", () => {
  test("Spot is priced at the dearest listed type, less the stated discount; the count at min is shown", () => {
    const e = estimate(
      variant("dev", (raw) =>
        Object.assign(raw.cluster.nodeGroups[0], { instanceTypes: ["t4g.medium", "t4g.large"], minSize: 1, desiredSize: 3, maxSize: 4 }),
      ),
    );
    const nodes = line(e, /^Nodes "general" \(Spot\)$/);
    // 3 × t4g.large $0.0768 × (1 − 0.6) × 730 = 67.2768
    expect(nodes.monthly).toEqual({ low: 67.28, high: 67.28 });
    expect(nodes.detail).toContain("dearest of t4g.medium, t4g.large");
    expect(nodes.detail).toContain("at min 1: $22.43");
  });

  test("an Aurora cluster that pauses is a range: paused all month to never paused", () => {
    const e = estimate(variant("dev", () => undefined));
    // 1 writer × 0.5 ACU × $0.14 × 730 = 51.10
    expect(line(e, "Aurora Serverless v2 compute").monthly).toEqual({ low: 0, high: 51.1 });
    // The only other range is Karpenter's nodes (below).
    const karpenter = line(e, "Karpenter nodes (range)").monthly;
    expect(e.total.high - e.total.low).toBeCloseTo(51.1 + karpenter.high - karpenter.low, 6);
  });

  test("EKS extended support costs $0.60/h after standard support ends, only with support type EXTENDED", () => {
    const after = new Date("2027-09-01T00:00:00Z");
    const cluster = (supportType: string) => [
      stackView("x-cluster", {
        resource: { aws_eks_cluster: { Eks: { version: "1.36", upgrade_policy: { support_type: supportType } } } },
      }),
    ];
    const eks = (supportType: string, date: Date) =>
      line(estimateEnvironment({ environment: "x", region: "us-east-1", stacks: cluster(supportType), date }), "EKS control plane");
    expect(eks("EXTENDED", after).monthly.high).toBe(438); // $0.60 × 730
    expect(eks("EXTENDED", after).detail).toMatch(/in extended support/);
    expect(eks("EXTENDED", DAY).monthly.high).toBe(73); // 1.36 is in standard support until 2027-08-02
    expect(eks("STANDARD", after).monthly.high).toBe(73); // EKS upgrades the cluster instead
  });

  test("prod shows the price of its high availability: a NAT gateway per AZ, endpoints in every AZ, a reader, WAF", () => {
    const e = estimate(variant("prod", () => undefined));
    expect(line(e, "NAT gateway").detail).toMatch(/^3 gateways/);
    expect(line(e, "Public IPv4 (Elastic IPs)").monthly.high).toBe(10.95);
    // 4 endpoints × 3 AZs × $0.012 × 730
    expect(line(e, "Interface VPC endpoints").monthly.high).toBe(105.12);
    expect(line(e, "Aurora Serverless v2 compute").monthly).toEqual({ low: 102.2, high: 102.2 });
    // $5 + 5 rules × $1
    expect(line(e, "WAF web ACL").monthly.high).toBe(10);
    expect(line(e, /^Public IPv4 of ALB/).monthly.high).toBe(10.95);
  });

  test("no internet-facing service: no ALB line and no public IPv4 for it", () => {
    const e = estimate(
      variant("dev", (raw) =>
        raw.services.forEach((s: Record<string, unknown>) => {
          delete s.public;
          delete s.path;
        }),
      ),
    );
    expect(e.stacks.flatMap((s) => s.lines).filter((l) => /ALB/.test(l.item))).toEqual([]);
  });

  test("an unknown region is an error naming the priced regions, never a zero", () => {
    const cfg = fixture("lean");
    const [{ stacks }] = synthesizeEnvironmentStacks([cfg]);
    expect(() => estimateEnvironment({ environment: "lean", region: "ap-south-1", stacks, date: DAY })).toThrow(
      /region ap-south-1 has no price table; priced regions: us-east-1, eu-central-1/,
    );
  });

  test("an instance type without a price is an error naming the type, the resource and the table", () => {
    // Without Karpenter: its validation refuses a system group whose type has no INSTANCE_SPECS entry before the estimate could.
    const cfg = variant("dev", (raw) => {
      Object.assign(raw.cluster.nodeGroups[0], { instanceTypes: ["t4g.medium", "x8g.large"] });
      delete raw.cluster.karpenter;
    });
    const [{ stacks }] = synthesizeEnvironmentStacks([cfg]);
    let error: unknown;
    try {
      estimateEnvironment({ environment: "dev", region: "eu-central-1", stacks, date: DAY });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CostError);
    expect((error as CostError).message).toMatch(
      /dev-cluster: aws_eks_node_group\.NodeGroup-general: instance type "x8g\.large" has no eu-central-1 price in src\/cost\/prices\/eu-central-1\.ts/,
    );
  });

  test("a resource type no meter prices and no list calls free stops the estimate", () => {
    const stack = stackView("x-data", { resource: { aws_mq_broker: { Broker: { broker_name: "b" } }, aws_iam_role: { R: {} } } });
    expect(() => estimateEnvironment({ environment: "x", region: "us-east-1", stacks: [stack], date: DAY })).toThrow(
      /x-data: resource type aws_mq_broker has no price rule/,
    );
  });

  test("ingress groups: one ALB per group, an ingress without a group gets its own, internal ones hold no public address", () => {
    const ingress = (group: string | undefined, scheme: string) => ({
      metadata: {
        annotations: { ...(group ? { "alb.ingress.kubernetes.io/group.name": group } : {}), "alb.ingress.kubernetes.io/scheme": scheme },
      },
    });
    const network = stackView("x-network", {
      resource: {
        aws_subnet: {
          A: { tags: { "kubernetes.io/role/elb": "1" } },
          B: { tags: { "kubernetes.io/role/elb": "1" } },
          C: { tags: { "kubernetes.io/role/internal-elb": "1" } },
        },
      },
    });
    const apps = stackView("x-apps", {
      resource: {
        kubernetes_ingress_v1: {
          One: ingress("web", "internet-facing"),
          Two: ingress("web", "internet-facing"),
          Own: ingress(undefined, "internal"),
        },
      },
    });
    const e = estimateEnvironment({ environment: "x", region: "us-east-1", stacks: [network, apps], date: DAY });
    const items = e.stacks.flatMap((s) => s.lines).map((l) => `${l.item}: ${l.monthly.high}`);
    expect(items).toEqual([
      'ALB "web" (internet-facing, from 2 ingresses): 16.43',
      'Public IPv4 of ALB "web": 7.3',
      'ALB "kubernetes_ingress_v1.Own" (internal, from 1 ingress): 16.43',
    ]);
  });

  test("metric-math alarms bill each metric; high-resolution ones (period under a minute) $0.30 per metric; composites $0.50", () => {
    const math = {
      period: 300,
      metric_query: [
        { id: "a", metric: { metric_name: "x" } },
        { id: "b", metric: { metric_name: "y" } },
        { id: "e", expression: "a/b" },
      ],
    };
    const ok = estimateEnvironment({
      environment: "x",
      region: "us-east-1",
      stacks: [stackView("x-apps", { resource: { aws_cloudwatch_metric_alarm: { M: math } } })],
      date: DAY,
    });
    expect(line(ok, "CloudWatch alarms").monthly.high).toBe(0.2);
    const fastMath = {
      metric_query: [
        { id: "a", metric: { metric_name: "x", period: 10 } },
        { id: "e", expression: "a*2" },
      ],
    };
    const fast = estimateEnvironment({
      environment: "x",
      region: "us-east-1",
      stacks: [
        stackView("x-apps", {
          resource: {
            aws_cloudwatch_metric_alarm: { F: { period: 10, metric_name: "x" }, G: fastMath },
            aws_cloudwatch_composite_alarm: { C: { alarm_rule: "ALARM(a) AND ALARM(b)" } },
          },
        }),
      ],
      date: DAY,
    });
    expect(line(fast, "CloudWatch high-resolution alarms")).toMatchObject({ monthly: { low: 0.6, high: 0.6 } });
    expect(line(fast, "CloudWatch high-resolution alarms").detail).toBe("2 alarms, 2 metrics × $0.30/month");
    expect(line(fast, "CloudWatch composite alarms").monthly.high).toBe(0.5);
    expect(() => line(fast, "CloudWatch alarms")).toThrow(/0 lines match/);
  });

  test("a log metric filter is one custom metric ($0.30); with dimensions its metrics depend on the logs (usage)", () => {
    const filter = (dimensions?: Record<string, string>) => ({
      metric_transformation: [{ name: "m", namespace: "n", value: "1", dimensions }],
    });
    const e = estimateEnvironment({
      environment: "x",
      region: "eu-central-1",
      stacks: [
        stackView("x-apps", { resource: { aws_cloudwatch_log_metric_filter: { A: filter(), B: filter(), D: filter({ svc: "$.s" }) } } }),
      ],
      date: DAY,
    });
    const metrics = line(e, "CloudWatch custom metrics (log metric filters)");
    expect(metrics.monthly.high).toBe(0.6);
    expect(metrics.detail).toMatch(/1 filter with dimensions: one metric per value seen/);
    expect(e.usage.find((u) => u.item === "Custom metrics of dimensioned metric filters")).toMatchObject({
      price: 0.3,
      unit: "metric-month",
    });
  });

  test("the CI runner: $0 a month between jobs, build minutes priced as usage in every region, an unpriced type refused", () => {
    const project = (computeType: string) =>
      stackView("x-cluster", {
        resource: {
          aws_codebuild_project: {
            R: { environment: { compute_type: computeType, type: "LINUX_CONTAINER", image: "aws/codebuild/standard:7.0" } },
          },
          aws_codebuild_webhook: { W: { project_name: "x" } },
        },
      });
    for (const table of Object.values(PRICE_TABLES)) {
      const e = estimateEnvironment({ environment: "x", region: table.region, stacks: [project("BUILD_GENERAL1_SMALL")], date: DAY });
      expect(line(e, "CI runner (CodeBuild)").monthly).toEqual({ low: 0, high: 0 });
      const minutes = e.usage.find((u) => /CI runner build minutes/.test(u.item))!;
      expect(minutes).toMatchObject({ unit: "build minute", price: table.codebuildMinute.BUILD_GENERAL1_SMALL });
      expect(minutes.price).toBeGreaterThan(0);
      expect(minutes.price).toBeLessThan(0.02);
    }
    expect(() =>
      estimateEnvironment({ environment: "x", region: "us-east-1", stacks: [project("BUILD_GENERAL1_2XLARGE")], date: DAY }),
    ).toThrow(/no CodeBuild price for LINUX_CONTAINER BUILD_GENERAL1_2XLARGE in us-east-1/);
  });

  test("every price table has the same instance types and positive prices", () => {
    const [first, ...rest] = Object.values(PRICE_TABLES);
    for (const table of rest) expect(Object.keys(table.ec2InstanceHour).sort()).toEqual(Object.keys(first.ec2InstanceHour).sort());
    for (const table of Object.values(PRICE_TABLES)) {
      for (const [type, price] of Object.entries(table.ec2InstanceHour)) expect([type, price > 0]).toEqual([type, true]);
    }
  });
});

describe("the built-in environments", () => {
  const [dev, prod] = synthesizeEnvironmentStacks([variant("dev", () => undefined), variant("prod", () => undefined)]).map(
    ({ config, stacks }) => estimateEnvironment({ environment: config.name, region: config.region, stacks, date: DAY, config }),
  );

  test("SLO alarms: prod prices its burn-rate composites; dev has them off and says what slo.burnRateAlarms: true would add", () => {
    const line = (e: typeof dev, item: string) => e.stacks.flatMap((s) => s.lines).find((l) => l.item === item);
    // One public service: two composites at $0.50 (its window, latency and workload alarms are priced per metric with the others).
    expect(line(prod, "CloudWatch composite alarms")!.monthly).toEqual({ low: 1, high: 1 });
    expect(line(prod, "SLO alarms (off)")).toBeUndefined();
    const off = line(dev, "SLO alarms (off)")!;
    // 1 public service x (19 metrics x $0.10 + 2 composites x $0.50) + 3 services x (3 metrics x $0.10 + 1 custom metric x $0.30).
    expect(off.monthly).toEqual({ low: 0, high: 0 });
    expect(off.detail).toMatch(/^slo\.burnRateAlarms: true would add \$4\.70\/month: \$2\.90 for each of 1 public service/);
    expect(line(dev, "CloudWatch composite alarms")).toBeUndefined();
  });

  test("dev costs at most $150 a month before usage, with EKS on EC2, Aurora, S3, ECR and the ALB all present", () => {
    expect(dev.total.low).toBeLessThanOrEqual(150);
    for (const item of [
      "EKS control plane",
      /^Nodes /,
      "Aurora Serverless v2 compute",
      "S3 buckets (baseline)",
      "ECR repositories (baseline)",
      /^ALB /,
    ]) {
      expect(() => line({ ...dev, stacks: dev.stacks.filter((s) => !s.stack.startsWith("bootstrap-")) }, item)).not.toThrow();
    }
  });

  test("prod costs more than dev, and docs/cost.md shows both totals as the tool prints them", () => {
    expect(prod.total.low).toBeGreaterThan(dev.total.high);
    const readme = fs.readFileSync(path.join(__dirname, "..", "docs", "cost.md"), "utf8");
    expect(readme).toContain(formatMarkdown([dev, prod]).split("\n").slice(0, 4).join("\n"));
  });

  test("the three formats carry the same figures", () => {
    const table = formatTable([dev]);
    const markdown = formatMarkdown([dev]);
    const json = JSON.parse(formatJson([dev]));
    expect(json[0].total).toEqual(dev.total);
    for (const l of dev.stacks.flatMap((s) => s.lines)) {
      expect(table).toContain(l.detail);
      expect(markdown).toContain(l.item.replace(/\|/g, "\\|"));
    }
    expect(table).toMatch(/total before usage/);
    expect(markdown).toMatch(/\| \*\*total\*\* \| \| \*\*\$\d+\.\d\d–\$\d+\.\d\d\*\* \| before usage \|/);
  });
});

describe("npm run cost (scripts/cost.ts)", () => {
  const ENVIRONMENTS = ENVIRONMENTS_DIR;
  const run = (...argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = runCost(argv, { log: (t) => out.push(t), error: (t) => err.push(t), environmentsDir: ENVIRONMENTS, date: DAY });
    return { code, out: out.join("\n"), err: err.join("\n") };
  };

  test("one environment as a table; --all as JSON; markdown to a file", () => {
    const table = run("dev");
    expect(table.code).toBe(0);
    expect(table.out).toMatch(/^dev \(eu-central-1\): \$\d+\.\d\d \(floor: .*\) to \$\d+\.\d\d \(ceiling: .*\) per month before usage; /);
    const json = run("--all", "--format", "json");
    expect(json.code).toBe(0);
    expect(JSON.parse(json.out).map((e: EnvironmentEstimate) => e.environment)).toEqual(["dev", "prod"]);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "rw-cost-")), "cost.md");
    expect(run("--all", "--format=markdown", "--output", file).code).toBe(0);
    expect(fs.readFileSync(file, "utf8")).toMatch(/^\| environment \| region \| per month before usage \|/);
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  });

  test.each([
    [[], /name an environment, or give --all/],
    [["--all", "dev"], /give --all or environment names, not both/],
    [["dev", "--format", "xml"], /--format xml: use one of table, markdown, json/],
    [["dev", "--format"], /--format needs a value/],
    [["dev", "--verbose"], /unknown option --verbose/],
  ])("usage error %j exits 2 with the usage", (argv, message) => {
    const { code, err } = run(...(argv as string[]));
    expect(code).toBe(2);
    expect(err).toMatch(message);
    expect(err).toContain("Usage: npm run cost --");
  });

  test("an unknown environment is a usage error (exit 2) naming the ones there are", () => {
    expect(run("no-such-env")).toMatchObject({
      code: 2,
      err: expect.stringMatching(/no environment named no-such-env in .*environments; there are: dev, prod/),
    });
  });

  test("a real instance type without a price still writes the report, flags the line and exits 3 (the PR comment is still posted)", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rw-cost-unpriced-"));
    try {
      const raw = builtInRaw("dev");
      raw.cluster.nodeGroups[0].instanceTypes = ["c7g.2xlarge"];
      // Without Karpenter, whose system-pool check needs the type's specs (src/config/catalog.ts): this is about prices.
      delete raw.cluster.karpenter;
      fs.writeFileSync(path.join(dir, "dev.yaml"), stringify(raw));
      const file = path.join(dir, "cost.md");
      const out: string[] = [];
      const err: string[] = [];
      expect(
        runCost(["dev", "--format", "markdown", "--output", file], {
          log: (t) => out.push(t),
          error: (t) => err.push(t),
          environmentsDir: dir,
          date: DAY,
        }),
      ).toBe(3);
      const markdown = fs.readFileSync(file, "utf8");
      expect(markdown).toMatch(/^### dev \(eu-central-1\): .* per month before usage \(incomplete\)/);
      expect(markdown).toMatch(
        /> 1 item could not be priced and is left out of the total:\n> - ⚠️ dev-cluster: aws_eks_node_group\.NodeGroup-general: instance type "c7g\.2xlarge" has no eu-central-1 price/,
      );
      expect(markdown).toMatch(/EKS control plane/);
      expect(err.join("\n")).toMatch(/Cost estimate incomplete: 1 item not priced/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test("an invalid environment file exits 1 with the validation message, not a stack trace", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rw-cost-env-"));
    fs.writeFileSync(path.join(dir, "dev.yaml"), "name: dev\nregion: eu-central-1\n");
    const out: string[] = [];
    const err: string[] = [];
    expect(runCost(["dev"], { log: (t) => out.push(t), error: (t) => err.push(t), environmentsDir: dir })).toBe(1);
    expect(err.join("\n")).toMatch(/dev\.yaml: accountId = \(missing\): is required/);
    expect(out).toEqual([]);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe("Karpenter's nodes as a range", () => {
  const dev = estimate(variant("dev", () => undefined));
  const karpenter = line(dev, "Karpenter nodes (range)");

  test("floor: the services' minimum replicas (600m CPU, 1280 MiB) on the cheapest allowed type: one t4g.medium Spot, its disk", () => {
    // 0.0384 $/h × 0.4 (Spot) × 730 h + 20 GB × gp3
    expect(karpenter.monthly.low).toBeCloseTo(0.0384 * 0.4 * 730 + 20 * PRICE_TABLES["eu-central-1"].ebsGp3GbMonth, 2);
    expect(karpenter.detail).toMatch(/600m CPU, 1280 MiB, 3 pods: 1 × t4g\.medium \(spot/);
    expect(karpenter.stack).toBe("dev-apps");
  });

  test("ceiling: the pool's limits (8 vCPU, 32 GiB) filled with the type that costs most at them, burstable credits included", () => {
    // Karpenter's node classes have no credit setting: a T-family node busy on every vCPU pays surplus credits
    // above its baseline (t4g.large: 2 vCPU × (1 - 30%) × $0.04 = $0.056/h), which makes it the dearest to fill.
    expect(burstableSurplusHourly("t4g.large", PRICE_TABLES["eu-central-1"])).toBeCloseTo(0.056, 6);
    expect(burstableSurplusHourly("m7g.large", PRICE_TABLES["eu-central-1"])).toBe(0);
    expect(karpenter.detail).toMatch(
      /limits 8 vCPU \/ 32 GiB = 4 × t4g\.large \(spot, dearest to fill, with \$0\.0560\/h of surplus CPU credits each/,
    );
    const perNode = 0.0768 * 0.4 + 0.056;
    expect(karpenter.monthly.high).toBeCloseTo(4 * perNode * 730 + 4 * 20 * PRICE_TABLES["eu-central-1"].ebsGp3GbMonth, 1);
  });

  test("the headline names what makes each end of the range and each part's share of it", () => {
    const headline = formatTable([dev]).split("\n")[0];
    expect(headline).toMatch(
      /^dev \(eu-central-1\): \$[\d.]+ \(floor: load at minimum, database paused\) to \$[\d.]+ \(ceiling: pools at their limits, database never pausing\) per month before usage; the \$[\d.]+ between: Karpenter nodes \$[\d.]+ \(\d+%\), Aurora Serverless v2 compute \$51\.10 \(\d+%\)$/,
    );
    // prod's database never pauses (a fixed minimum): the whole spread is Karpenter's.
    expect(formatTable([estimate(variant("prod", () => undefined))]).split("\n")[0]).toMatch(
      /\(floor: load at minimum\) to \$[\d.]+ \(ceiling: pools at their limits\) per month before usage; the \$[\d.]+ between: Karpenter nodes \$[\d.]+ \(100%\)$/,
    );
  });

  test("raising the limits raises the ceiling, never the floor; more minimum replicas raise the floor", () => {
    const wider = line(
      estimate(variant("dev", (raw) => (raw.cluster.karpenter.nodePools[0].limits = { cpu: 16, memoryGib: 64 }))),
      "Karpenter nodes (range)",
    );
    expect(wider.monthly.low).toBe(karpenter.monthly.low);
    expect(wider.monthly.high).toBeCloseTo(2 * karpenter.monthly.high, 1);
    const busier = line(
      estimate(variant("dev", (raw) => raw.services.forEach((s: any) => Object.assign(s, { minReplicas: 3, maxReplicas: 6 })))),
      "Karpenter nodes (range)",
    );
    expect(busier.monthly.low).toBeGreaterThan(karpenter.monthly.low);
  });

  test("dev stays at or under $150 at its floor with Karpenter's floor in it", () => {
    expect(dev.total.low).toBeLessThanOrEqual(150);
    expect(dev.total.low).toBeGreaterThan(karpenter.monthly.low);
  });

  test("a pool allowing no priced type stops the estimate", () => {
    expect(() =>
      estimate(
        variant("dev", (raw) =>
          Object.assign(raw.cluster.karpenter.nodePools[0], { instanceCategories: undefined, instanceFamilies: ["x8g"] }),
        ),
      ),
    ).toThrow(/Karpenter pool "default" allows no instance type with a eu-central-1 price/);
  });
});
