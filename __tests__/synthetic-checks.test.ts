import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { crc32 as zlibCrc32 } from "zlib";
import { stringify } from "yaml";
import { validateEnvironments } from "../src/config/load";
import { EnvironmentConfig } from "../src/config/schema";
import { CANARY_HANDLER, CANARY_RUNTIME_VERSION, CANARY_SCRIPT, canaryArchive } from "../src/constructs/monitoring/canary-code";
import { crc32, storedZip } from "../src/constructs/monitoring/stored-zip";
import { CANARY_NAME_MAX, Naming } from "../src/naming";
import { builtIn, builtInRaw, issuesOf } from "./support/environments";
import { decide, Statement } from "./support/iam-policy";
import { resourcesOf, synthApp, synthAppDir } from "./support/stacks";

const values = (json: Record<string, any>, type: string) => Object.values<any>(resourcesOf(json, type));
const config = (name: "dev" | "prod", change: (raw: Record<string, any>) => void): EnvironmentConfig => {
  const raw = builtInRaw(name);
  change(raw);
  return validateEnvironments([{ file: `${name}.yaml`, text: stringify(raw) }])[0].config;
};

const builtIns = [builtIn("dev"), builtIn("prod")];
const synthesized = synthApp(builtIns);
const prod = synthesized["prod-apps"];
const dev = synthesized["dev-apps"];
const prodCanary = () => {
  const canaries = values(prod, "aws_synthetics_canary");
  expect(canaries).toHaveLength(1);
  return canaries[0];
};
const CANARY_NAME = new Naming(builtIn("prod")).canary("trips-api");

describe("synthetic checks: production", () => {
  test("each public service of prod has a canary that requests <https://domain><path><healthPath> from outside the VPC", () => {
    const canary = prodCanary();
    expect(canary).toMatchObject({
      name: CANARY_NAME,
      handler: CANARY_HANDLER,
      run_config: { environment_variables: { CANARY_URL: "https://api.road-warrior.example/api/healthz" }, timeout_in_seconds: 60 },
      schedule: { expression: "rate(5 minutes)" },
      start_canary: true,
      delete_lambda: true,
      success_retention_period: 30,
      failure_retention_period: 30,
    });
    // Outside the VPC: a VPC canary would see the ALB from inside, not as a user does.
    expect(canary.vpc_config).toBeUndefined();
    // It runs once the ALB answers and the DNS name points at it.
    expect(canary.depends_on).toEqual(
      expect.arrayContaining(["terraform_data.LoadBalancerWait", expect.stringMatching(/^aws_route53_record\.AlbAlias/)]),
    );
  });

  test("its artifacts go to the logs bucket under synthetics/<canary>/, SSE-S3 like every object there", () => {
    const canary = prodCanary();
    expect(canary.artifact_s3_location).toMatch(
      new RegExp(
        `^s3://\\$\\{data\\.terraform_remote_state\\.cross-stack-reference-input-prod-data\\.outputs\\.cross-stack-output-aws_s3_bucketLogsBucket[^}]*\\}/synthetics/${CANARY_NAME}/$`,
      ),
    );
    expect(canary.artifact_config).toEqual({ s3_encryption: { encryption_mode: "SSE_S3" } });
  });

  test("the logs bucket's one lifecycle configuration expires the artifacts (a second configuration would overwrite the first)", () => {
    const data = synthesized["prod-data"];
    const lifecycles = values(data, "aws_s3_bucket_lifecycle_configuration").filter((l) => /LogsBucket/.test(l.bucket));
    expect(lifecycles).toHaveLength(1);
    const rule = lifecycles[0].rule.find((r: any) => r.id === "expire-synthetic-check-artifacts");
    expect(rule).toMatchObject({ status: "Enabled", filter: [{ prefix: "synthetics/" }], expiration: [{ days: 30 }] });
    // The rules the bucket had before are all still there.
    expect(lifecycles[0].rule.map((r: any) => r.id)).toEqual(
      expect.arrayContaining(["abort-incomplete-multipart-uploads", "expire-noncurrent-versions", "expire-current-objects"]),
    );
  });

  test("its alarm pages after two failed runs in a row, and when runs stop reporting (no data is a blind check)", () => {
    const alarm = values(prod, "aws_cloudwatch_metric_alarm").find((a) => a.namespace === "CloudWatchSynthetics");
    expect(alarm).toMatchObject({
      metric_name: "SuccessPercent",
      dimensions: { CanaryName: CANARY_NAME },
      statistic: "Average",
      period: 300,
      evaluation_periods: 2,
      threshold: 100,
      comparison_operator: "LessThanThreshold",
      treat_missing_data: "breaching",
    });
    // A user-visible outage pages: the page-level topic, not the ticket one.
    expect(alarm.alarm_actions).toEqual([expect.stringMatching(/cross-stack-output-aws_sns_topicPageTopic/)]);
    expect(alarm.ok_actions).toEqual(alarm.alarm_actions);
  });

  test("the runtime is a literal of the supported Node.js runtimes, never looked up at plan time", () => {
    expect(CANARY_RUNTIME_VERSION).toMatch(/^syn-nodejs-(puppeteer|playwright)-\d+\.\d+$/);
    expect(prodCanary().runtime_version).toBe(CANARY_RUNTIME_VERSION);
    const source = fs.readFileSync(path.join(__dirname, "..", "src", "constructs", "monitoring", "canary-code.ts"), "utf8");
    expect(source).toMatch(/export const CANARY_RUNTIME_VERSION = "syn-nodejs-puppeteer-\d+\.\d+";/);
    // No data source reads a runtime list (aws_synthetics_runtime_version would, at every plan).
    expect(Object.keys(prod.data ?? {}).filter((type) => /synthetics/.test(type))).toEqual([]);
  });

  test("the canary's code is the archive built at synth, written beside the stack at a path that carries its hash", () => {
    const canary = prodCanary();
    expect(canary.zip_file).toMatch(/^assets\/SyntheticCheckCode\/[0-9a-f]{64}\/canary\.zip$/);
    const written = fs.readFileSync(path.join(synthAppDir(builtIns), "stacks", "prod-apps", canary.zip_file));
    expect(written.equals(canaryArchive())).toBe(true);
    expect(canary.zip_file).toContain(createHash("sha256").update(written).digest("hex"));
  });
});

describe("synthetic checks: the canary's role, least privilege", () => {
  const role = () => values(prod, "aws_iam_role").find((r) => r.name === `road-warrior-prod.canary-${CANARY_NAME}`);
  const documents = prod.data.aws_iam_policy_document as Record<string, any>;
  const documentOf = (reference: string): Statement[] => {
    const name = /^\$\{data\.aws_iam_policy_document\.([\w-]+)\.json\}$/.exec(reference)![1];
    // The partition and the logs bucket are references to other resources: give them the values AWS would.
    const text = JSON.stringify(documents[name].statement)
      .replace(/\$\{data\.aws_partition\.[\w-]+\.partition\}/g, "aws")
      .replace(/\$\{data\.terraform_remote_state\.[^}]*LogsBucket[^}]*\}/g, "road-warrior-prod-logs-222222222222");
    return JSON.parse(text);
  };
  const policy = () =>
    documentOf(values(prod, "aws_iam_role_policy").find((p) => /canary/.test(p.role) || p.name === "synthetic-check")!.policy);
  const BUCKET = "arn:aws:s3:::road-warrior-prod-logs-222222222222";
  const LOGS = `arn:aws:logs:eu-central-1:222222222222:log-group:/aws/lambda/cwsyn-${CANARY_NAME}-0123abcd-aaaa-bbbb-cccc-0123456789ab`;

  test("only Lambda (Synthetics runs the canary as a Lambda function) may assume it; it carries the permissions boundary", () => {
    const trust = documentOf(role()!.assume_role_policy);
    expect(trust).toEqual([
      expect.objectContaining({ actions: ["sts:AssumeRole"], principals: [{ type: "Service", identifiers: ["lambda.amazonaws.com"] }] }),
    ]);
    expect(role()!.permissions_boundary).toMatch(/ci-boundary/);
  });

  test.each([
    ["s3:PutObject", `${BUCKET}/synthetics/${CANARY_NAME}/2026/12/07/run/report.json`, {}],
    ["s3:GetBucketLocation", BUCKET, {}],
    ["s3:ListAllMyBuckets", "*", {}],
    ["logs:CreateLogGroup", LOGS, {}],
    ["logs:PutLogEvents", `${LOGS}:log-stream:2026/12/07/abc`, {}],
    ["cloudwatch:PutMetricData", "*", { "cloudwatch:namespace": "CloudWatchSynthetics" }],
  ])("may %s on %s: what a run needs", (action, resource, context) => {
    expect(decide({ action, resource, context }, policy())).toBe("allowed");
  });

  test.each([
    ["s3:PutObject", `${BUCKET}/alb/AWSLogs/222222222222/elasticloadbalancing/x.log.gz`, {}, "the ALB's access logs"],
    ["s3:PutObject", `${BUCKET}/synthetics/prod-other-api-beef/x`, {}, "another canary's artifacts"],
    ["s3:GetObject", `${BUCKET}/synthetics/${CANARY_NAME}/x`, {}, "reading objects back"],
    ["s3:DeleteObject", `${BUCKET}/synthetics/${CANARY_NAME}/x`, {}, "deleting artifacts"],
    ["s3:PutBucketPolicy", BUCKET, {}, "the bucket's policy"],
    ["cloudwatch:PutMetricData", "*", { "cloudwatch:namespace": "AWS/ApplicationELB" }, "forging another namespace's metrics"],
    ["cloudwatch:PutMetricData", "*", {}, "metrics without a namespace condition"],
    [
      "logs:PutLogEvents",
      "arn:aws:logs:eu-central-1:222222222222:log-group:/aws/eks/road-warrior-prod/cluster:log-stream:x",
      {},
      "other logs",
    ],
    ["logs:DeleteLogGroup", LOGS, {}, "deleting its logs"],
    ["iam:PassRole", "*", {}, "passing roles"],
    ["lambda:UpdateFunctionCode", "*", {}, "changing its own code"],
    ["sts:AssumeRole", "*", {}, "other roles"],
  ])("may not %s on %s (%s)", (action: string, resource: string, context: Record<string, string>, _why: string) => {
    expect(decide({ action, resource, context }, policy())).toBe("implicit deny");
  });

  test("the policy lists exactly the actions a canary needs (the list the permissions boundary must allow)", () => {
    expect(new Set(policy().flatMap((s) => s.actions ?? []))).toEqual(
      new Set([
        "s3:PutObject",
        "s3:GetBucketLocation",
        "s3:ListAllMyBuckets",
        "logs:CreateLogGroup",
        "logs:CreateLogStream",
        "logs:PutLogEvents",
        "cloudwatch:PutMetricData",
      ]),
    );
  });
});

describe("synthetic checks: on and off", () => {
  test("non-production has none by default: no canary, no canary role, no synthetic-check alarm, no lifecycle change needed", () => {
    expect(values(dev, "aws_synthetics_canary")).toEqual([]);
    expect(values(dev, "aws_iam_role").filter((r) => /canary/.test(r.name))).toEqual([]);
    expect(values(dev, "aws_cloudwatch_metric_alarm")).toEqual([]);
  });

  test("on where the ALB is open (a domain, no allowedCidrs): services behind sign-in are skipped, canaryPath replaces healthPath", () => {
    const prodVariant = config("prod", (raw) => {
      raw.services[0].canaryPath = "/ready";
      raw.services.push({ name: "partner-api", public: true, path: "/partner", authenticate: true, imageTag: "0.1.0" });
      raw.monitoring = { canaries: { intervalMinutes: 1, artifactRetentionDays: 7, failedRunsToAlarm: 3 } };
    });
    const apps = synthApp([prodVariant])["prod-apps"];
    const canaries = values(apps, "aws_synthetics_canary");
    expect(canaries.map((c) => c.run_config.environment_variables.CANARY_URL)).toEqual(["https://api.road-warrior.example/api/ready"]);
    expect(canaries[0]).toMatchObject({ schedule: { expression: "rate(1 minute)" }, success_retention_period: 7 });
    const alarm = values(apps, "aws_cloudwatch_metric_alarm").find((a) => a.namespace === "CloudWatchSynthetics");
    expect(alarm).toMatchObject({ period: 60, evaluation_periods: 3 });
    const lifecycle = values(synthApp([prodVariant])["prod-data"], "aws_s3_bucket_lifecycle_configuration")
      .filter((l) => /LogsBucket/.test(l.bucket))[0]
      .rule.find((r: any) => r.id === "expire-synthetic-check-artifacts");
    expect(lifecycle.expiration).toEqual([{ days: 7 }]);
  });

  test("production can turn them off", () => {
    const off = config("prod", (raw) => {
      raw.monitoring = { canaries: { enabled: false } };
    });
    expect(values(synthApp([off])["prod-apps"], "aws_synthetics_canary")).toEqual([]);
  });
});

describe("synthetic checks: names", () => {
  test("a canary name fits Synthetics (lowercase, digits, - and _) and leaves room for the Lambda function's id (21 characters)", () => {
    const longest = new Naming({ project: "p".repeat(20), name: "e".repeat(12), accountId: "111111111111" });
    for (const naming of [longest, new Naming(builtIn("prod"))]) {
      const name = naming.canary("s".repeat(28));
      expect(name.length).toBeLessThanOrEqual(CANARY_NAME_MAX);
      expect(name).toMatch(/^[0-9a-z_-]+$/);
      // The role carries the canary's name and must fit IAM's 64 characters.
      expect(naming.role(`canary-${name}`).length).toBeLessThanOrEqual(64);
    }
    expect(`cwsyn-${longest.canary("s".repeat(28))}-0123abcd-aaaa-bbbb-cccc-0123456789ab`.length).toBeLessThanOrEqual(64);
  });

  test("two projects, or two services cut to the same prefix, never share a canary in one account and region", () => {
    const a = new Naming({ project: "road-warrior", name: "prod", accountId: "111111111111" });
    const b = new Naming({ project: "other", name: "prod", accountId: "111111111111" });
    expect(a.canary("trips-api")).not.toBe(b.canary("trips-api"));
    expect(a.canary("reservation-sync-public-a")).not.toBe(a.canary("reservation-sync-public-b"));
    expect(a.canary("trips-api")).toBe(CANARY_NAME);
  });
});

describe("synthetic checks: the archive", () => {
  /** Reads a stored ZIP the way an unzip tool does: the central directory from the end record, then each local entry. */
  function entriesOf(zip: Buffer): { name: string; data: Buffer; crc: number }[] {
    const end = zip.length - 22;
    expect(zip.readUInt32LE(end)).toBe(0x06054b50);
    const count = zip.readUInt16LE(end + 10);
    let at = zip.readUInt32LE(end + 16);
    return Array.from({ length: count }, () => {
      expect(zip.readUInt32LE(at)).toBe(0x02014b50);
      const crc = zip.readUInt32LE(at + 16);
      const size = zip.readUInt32LE(at + 24);
      const nameLength = zip.readUInt16LE(at + 28);
      const name = zip.toString("utf8", at + 46, at + 46 + nameLength);
      const local = zip.readUInt32LE(at + 42);
      expect(zip.readUInt32LE(local)).toBe(0x04034b50);
      expect(zip.readUInt16LE(local + 8)).toBe(0); // stored
      const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
      at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
      return { name, data: zip.subarray(start, start + size), crc };
    });
  }

  test("holds the script where every Node.js runtime looks for it, with a checksum zlib agrees with", () => {
    const entries = entriesOf(canaryArchive());
    expect(entries.map((e) => e.name)).toEqual(["nodejs/node_modules/canary.js"]);
    expect(entries[0].data.toString("utf8")).toBe(CANARY_SCRIPT);
    expect(entries[0].crc).toBe(zlibCrc32(entries[0].data));
    expect(crc32(Buffer.from("123456789"))).toBe(0xcbf43926);
  });

  test("is the same bytes on every build: no timestamps, no machine-specific fields", () => {
    expect(canaryArchive().equals(canaryArchive())).toBe(true);
    const zip = storedZip([{ path: "a.txt", text: "x" }]);
    expect(zip.readUInt16LE(10)).toBe(0); // DOS time 00:00
    expect(zip.readUInt16LE(12)).toBe(33); // DOS date 1980-01-01
  });

  test("the script fails a run unless the answer is 2xx, and follows no redirect", () => {
    expect(CANARY_SCRIPT).toContain("if (status < 200 || status > 299) throw");
    expect(CANARY_SCRIPT).not.toMatch(/follow|location/i);
    expect(CANARY_SCRIPT).toContain("process.env.CANARY_URL");
  });
});

describe("synthetic checks: validation", () => {
  const issues = (change: (raw: Record<string, any>) => void, name: "dev" | "prod" = "dev") => {
    const raw = builtInRaw(name);
    change(raw);
    return issuesOf({ [`${name}.yaml`]: raw });
  };

  test.each([
    ["intervalMinutes", 0, /must be 1 or more/],
    ["intervalMinutes", 61, /must be 60 or less/],
    ["intervalMinutes", 2.5, /must be a whole number/],
    ["artifactRetentionDays", 0, /must be 1 or more/],
    ["artifactRetentionDays", 456, /must be 455 or less/],
    ["failedRunsToAlarm", 0, /must be 1 or more/],
  ])("monitoring.canaries.%s: %p is refused", (field, value, rule) => {
    expect(issues((raw) => (raw.monitoring = { canaries: { [field]: value } }))).toEqual([
      expect.objectContaining({ path: `monitoring.canaries.${field}`, value, rule: expect.stringMatching(rule) }),
    ]);
  });

  test("a canary on an ALB that admits only ingress.allowedCidrs is refused: its runs come from addresses that are not fixed", () => {
    expect(issues((raw) => (raw.monitoring = { canaries: { enabled: true } }))).toEqual([
      expect.objectContaining({ path: "monitoring.canaries.enabled", value: true, rule: expect.stringMatching(/ingress\.allowedCidrs/) }),
    ]);
  });

  test("canaryPath is refused on an internal service and on one behind sign-in", () => {
    const found = issues((raw) => {
      raw.services[1].canaryPath = "/ready";
      raw.services.push({ name: "partner-api", public: true, path: "/partner", authenticate: true, imageTag: "0.1.0", canaryPath: "/x" });
    }, "prod");
    expect(found).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          path: "services[reservation-sync].canaryPath",
          rule: expect.stringMatching(/only allowed on a public service/),
        }),
        expect.objectContaining({ path: "services[partner-api].canaryPath", rule: expect.stringMatching(/authenticate: true/) }),
      ]),
    );
  });

  test.each([["ready"], ["/ready now"]])("canaryPath %p is refused: it must be an absolute URL path", (canaryPath) => {
    expect(issues((raw) => (raw.services[0].canaryPath = canaryPath))).toEqual([
      expect.objectContaining({ path: "services[trips-api].canaryPath", rule: expect.stringMatching(/absolute URL path/) }),
    ]);
  });

  test("monitoring takes no unknown field (a typo must not silently leave the checks at their defaults)", () => {
    expect(issues((raw) => (raw.monitoring = { canary: { enabled: true } }))).toEqual([
      expect.objectContaining({ path: expect.stringMatching(/^monitoring/) }),
    ]);
  });
});
