import * as fs from "fs";
import * as path from "path";
import { validateEnvironments } from "../src/config/load";
import { EnvironmentConfig } from "../src/config/schema";
import { GET_FOLDS, WRITE_FAMILIES, boundaryAllowedActions } from "../src/constructs/ci/boundary-actions";
import { BOUNDARY_ALLOW_LIST, BOUNDARY_PASS_ROLES, KARPENTER_INSTANCE_PROFILE_WRITES } from "../src/constructs/ci/boundary-allow-list";
import { awsManagedPolicyStatements } from "./support/aws-managed-policies";
import { BUILT_IN_DIR, builtIn, builtInFiles, fixtureFile, serviceFixtureConfigs } from "./support/environments";
import { Request, Statement, decide, resolveTokens, toIamDocument } from "./support/iam-policy";
import { synthApp } from "./support/stacks";

type Json = Record<string, any>;

/** Every environment the project synthesizes: its own folder, and the fixture folders the tests use. */
const APPS: [string, () => EnvironmentConfig[]][] = [
  [
    "environments/",
    () =>
      validateEnvironments(builtInFiles().map((file) => ({ file, text: fs.readFileSync(path.join(BUILT_IN_DIR, file), "utf8") }))).map(
        (e) => e.config,
      ),
  ],
  ["fixtures: dev, prod, mesh, lean", serviceFixtureConfigs],
  ["fixture: isolated", () => validateEnvironments([fixtureFile("isolated", "isolated")]).map((e) => e.config)],
];

/** The partition every synthesized ARN reads from the provider: `aws` here, so ARNs compare. */
const PARTITION = { "\\$\\{data\\.aws_partition\\.[\\w-]+\\.partition\\}": "aws" };

const documentOf = (stack: Json, reference: string): Statement[] => {
  const name = /data\.aws_iam_policy_document\.([^.]+)\.json/.exec(reference)?.[1];
  if (!name) throw new Error(`not a policy document reference: ${reference}`);
  return resolveTokens(stack.data.aws_iam_policy_document[name].statement as Statement[], PARTITION);
};

interface Boundary {
  readonly arn: string;
  readonly account: string;
  readonly production: boolean;
  readonly statements: Statement[];
}

interface BoundedRole {
  readonly stack: string;
  readonly name: string;
  readonly arn: string;
  readonly boundary: Boundary;
  /** Its inline policies and the policies attached to it, AWS managed ones as AWS publishes them. */
  readonly statements: { readonly source: string; readonly statement: Statement }[];
}

/** The permissions boundaries (by ARN) of a synthesized app's bootstrap stacks, and every role of its stacks that carries one. */
function boundedRoles(configs: EnvironmentConfig[]): { boundaries: Map<string, Boundary>; roles: BoundedRole[] } {
  const app = synthApp(configs);
  const production = new Map(configs.map((c) => [`${c.project}-${c.name}`, c.environmentType === "production"]));
  const boundaries = new Map<string, Boundary>();
  for (const [stackName, stack] of Object.entries(app).filter(([name]) => name.startsWith("bootstrap-"))) {
    const account = stackName.replace("bootstrap-", "");
    for (const policy of Object.values((stack.resource?.aws_iam_policy ?? {}) as Record<string, Json>)) {
      const name = String(policy.name);
      if (!name.endsWith("-ci-boundary")) continue;
      const arn = `arn:aws:iam::${account}:policy/${name}`;
      const isProduction = production.get(name.replace(/-ci-boundary$/, ""));
      if (isProduction === undefined) throw new Error(`boundary ${name} names no environment`);
      boundaries.set(arn, { arn, account, production: isProduction, statements: documentOf(stack, policy.policy) });
    }
  }
  const accounts = new Map(configs.map((c) => [c.name, c.accountId]));
  const stackAccount = (stackName: string) => {
    const account = accounts.get(stackName.replace(/-[a-z]+$/, "")) ?? /^bootstrap-(\d+)$/.exec(stackName)?.[1];
    if (!account) throw new Error(`no account for stack ${stackName}`);
    return account;
  };
  const roles: BoundedRole[] = [];
  for (const [stackName, stack] of Object.entries(app)) {
    const resources = (type: string) => Object.entries((stack.resource?.[type] ?? {}) as Record<string, Json>);
    // A policy naming another role of the stack (Karpenter passes the nodes' role) names it by reference: its ARN here.
    const roleArns = Object.fromEntries(
      resources("aws_iam_role").map(([key, r]) => [
        `\\$\\{aws_iam_role\\.${key}\\.arn\\}`,
        `arn:aws:iam::${stackAccount(stackName)}:role/${r.name}`,
      ]),
    );
    const documentOfStack = (reference: string) => resolveTokens(documentOf(stack, reference), roleArns);
    for (const [key, role] of resolveTokens(resources("aws_iam_role"), PARTITION)) {
      if (!role.permissions_boundary) continue;
      const boundary = boundaries.get(role.permissions_boundary);
      if (!boundary) throw new Error(`${stackName} ${role.name}: boundary ${role.permissions_boundary} is not in the bootstrap stacks`);
      const ofRole = (r: Json) => String(r.role).includes(`aws_iam_role.${key}.`);
      const statements = [
        ...resources("aws_iam_role_policy")
          .filter(([, p]) => ofRole(p))
          .flatMap(([name, p]) => documentOfStack(p.policy).map((statement) => ({ source: `inline ${name}`, statement }))),
        ...resources("aws_iam_role_policy_attachment")
          .filter(([, a]) => ofRole(a))
          .flatMap(([, a]) => {
            const arn = String(a.policy_arn);
            const managed = /:iam::aws:policy\/(.+)$/.exec(arn)?.[1];
            if (managed) return awsManagedPolicyStatements(managed).map((statement) => ({ source: `AWS managed ${managed}`, statement }));
            const own = /aws_iam_policy\.([^.]+)\.arn/.exec(arn)?.[1];
            if (!own) throw new Error(`${stackName} ${role.name}: attachment of ${arn} is neither AWS managed nor the stack's own`);
            return documentOf(stack, stack.resource.aws_iam_policy[own].policy).map((statement) => ({
              source: `policy ${own}`,
              statement,
            }));
          }),
      ];
      roles.push({ stack: stackName, name: role.name, arn: `arn:aws:iam::${boundary.account}:role/${role.name}`, boundary, statements });
    }
  }
  return { boundaries, roles };
}

/**
 * What the boundary cuts on purpose from the policies of the roles under it, each with its reason: a
 * grant here is not used by the stacks (or production refuses it), and an AccessDenied is the intent.
 */
const CUT_ON_PURPOSE: {
  role: RegExp;
  action: (action: string) => boolean;
  why: string;
  /** The boundary denies it (not merely: no row needs it, other roles may use the action). */
  refused?: boolean;
  productionOnly?: boolean;
}[] = [
  {
    role: /\.karpenter$/,
    action: (a) => KARPENTER_INSTANCE_PROFILE_WRITES.includes(a),
    why: "the node class names the instance profile the deploy role creates; stack roles change no IAM",
    refused: true,
  },
  {
    role: /\.backup$/,
    // AWS Backup's service-role policies cover every service it backs up; the environment backs up Aurora and S3.
    action: (a) => !["rds", "s3", "kms", "backup", "tag", "events", "cloudwatch"].includes(a.split(":")[0]),
    why: "services the environment does not back up (DynamoDB, EFS, FSx, Redshift, EC2, Storage Gateway...)",
  },
  {
    role: /\.backup$/,
    action: (a) => ["rds:CreateTenantDatabase", "rds:DeleteTenantDatabase", "iam:PassRole"].includes(a),
    why: "multi-tenant RDS Oracle restores, and restores that hand a role on: not used by an Aurora PostgreSQL restore",
  },
  {
    role: /\.backup$/,
    action: (a) => a === "rds:DeleteDBCluster",
    why: "production never deletes a cluster, not even a restore's (an administrator removes a failed restore)",
    refused: true,
    productionOnly: true,
  },
  {
    role: /\.backup$/,
    action: (a) => /^rds:ModifyDB(Cluster)?SnapshotAttribute$/.test(a),
    why: "production never shares a snapshot with another account (AWS Backup's cross-account copy is not used)",
    refused: true,
    productionOnly: true,
  },
];

/**
 * The request contexts a statement's own conditions describe: each positive condition's first value (a grant
 * "for an AWS resource", a tag), and one context per pass-role service, so the boundary is asked about the
 * requests the statement is written for.
 */
function contextsOf(statement: Statement): Record<string, string>[] {
  const positive = (statement.condition ?? []).filter((c) => !/Not|Null|ForAnyValue|ForAllValues/.test(c.test));
  const base = Object.fromEntries(positive.filter((c) => c.variable !== "iam:PassedToService").map((c) => [c.variable, c.values[0]]));
  const services = positive
    .filter((c) => c.variable === "iam:PassedToService")
    .flatMap((c) => c.values)
    // China's partition names its services so; this boundary is of the `aws` partition.
    .filter((s) => !s.endsWith(".amazonaws.com.cn"));
  return services.length > 0 ? services.map((s) => ({ ...base, "iam:PassedToService": s })) : [base];
}

/** A resource of an identity statement as one concrete request (`*` in region and account fields become the role's own). */
function concrete(resource: string, account: string): string {
  if (resource === "*") return resource;
  const parts = resource.split(":");
  if (parts[0] !== "arn" || parts.length < 6) return resource;
  if (parts[3] === "*") parts[3] = "eu-central-1";
  if (parts[4] === "*") parts[4] = account;
  return parts.join(":").replace(/\*/g, "x");
}

const anything: Statement[] = [{ effect: "Allow", actions: ["*"], resources: ["*"] }];

/** Every request a role's Allow statements are written for that its boundary does not allow (what the boundary cuts on purpose aside). */
function misfitsOf(roles: readonly BoundedRole[]): string[] {
  const misfits: string[] = [];
  for (const role of roles) {
    for (const { source, statement } of role.statements) {
      if ((statement.effect ?? "Allow") !== "Allow") continue;
      if (statement.not_actions) misfits.push(`${role.name} (${source}): an Allow of NotAction ${statement.not_actions.join(",")}`);
      for (const action of statement.actions ?? []) {
        const cut = CUT_ON_PURPOSE.find(
          (c) => c.role.test(role.name) && c.action(action) && (!c.productionOnly || role.boundary.production),
        );
        if (cut) continue;
        for (const resource of statement.resources ?? ["*"])
          for (const context of contextsOf(statement)) {
            const request: Request = {
              action,
              resource: concrete(resource, role.boundary.account),
              context: { ...context, "aws:PrincipalArn": role.arn },
            };
            const decision = decide(request, anything, role.boundary.statements);
            if (decision !== "allowed") misfits.push(`${role.name} (${source}): ${action} on ${request.resource}: ${decision}`);
          }
      }
    }
  }
  return misfits;
}

describe.each(APPS)("the permissions boundary of %s", (_label, configs) => {
  const { boundaries, roles } = boundedRoles(configs());

  test("every role the stacks create carries a boundary of its own environment, and every environment has one", () => {
    expect(roles.length).toBeGreaterThan(5);
    expect(boundaries.size).toBeGreaterThan(0);
    // Stack roles are `<project>-<env>.<component>`; the front end's read role (bootstrap) is `<project>-<env>-ci-frontend`.
    const environmentOf = (name: string) => name.split(".")[0].replace(/-ci-frontend$/, "");
    for (const role of roles)
      expect([role.name, role.boundary.arn]).toEqual([role.name, expect.stringContaining(`${environmentOf(role.name)}-ci-boundary`)]);
  });

  test("every Allow statement of every role fits inside it: an action a role's policy allows, the boundary allows", () => {
    expect(misfitsOf(roles)).toEqual([]);
  });

  test("a role given an action no allow-list row holds does not fit, and the misfit names the role and the action", () => {
    const role = roles.find((r) => r.name.endsWith(".nodes"))!;
    const planted = { ...role, statements: [{ source: "planted", statement: { actions: ["dynamodb:DeleteTable"], resources: ["*"] } }] };
    expect(misfitsOf([planted])).toEqual([`${role.name} (planted): dynamodb:DeleteTable on *: implicit deny`]);
  });

  test("what it refuses on purpose stays refused", () => {
    for (const cut of CUT_ON_PURPOSE.filter((c) => c.refused)) {
      const hits = roles.flatMap((role) =>
        role.statements.flatMap(({ statement }) =>
          (statement.effect ?? "Allow") === "Allow" && cut.role.test(role.name) && (!cut.productionOnly || role.boundary.production)
            ? (statement.actions ?? []).filter(cut.action).map((action) => ({ role, action }))
            : [],
        ),
      );
      for (const { role, action } of hits) {
        const decision = decide({ action, resource: "*", context: { "aws:PrincipalArn": role.arn } }, anything, role.boundary.statements);
        expect([role.name, action, decision]).toEqual([role.name, action, expect.stringMatching(/deny$/)]);
      }
    }
  });

  test("its synthesized size fits IAM's limit for a managed policy (6,144 characters, whitespace not counted)", () => {
    for (const boundary of boundaries.values()) {
      // The state bucket's and key's ARNs are references until apply: their longest real form, a key id of 36 characters.
      const text = toIamDocument(boundary.statements)
        .replace(/\$\{aws_s3_bucket\.[^}]+\.arn\}/g, `arn:aws:s3:::road-warrior-tfstate-${boundary.account}`)
        .replace(/\$\{aws_kms_key\.[^}]+\.arn\}/g, `arn:aws:kms:eu-central-1:${boundary.account}:key/${"0".repeat(36)}`);
      expect(text).not.toContain("${");
      expect([boundary.arn, text.replace(/\s/g, "").length <= 6144]).toEqual([boundary.arn, true]);
    }
  });
});

test("every entry of what the boundary cuts on purpose still matches a grant of some environment's roles (none is stale)", () => {
  const all = APPS.flatMap(([, configs]) => boundedRoles(configs()).roles);
  for (const [i, cut] of CUT_ON_PURPOSE.entries()) {
    const used = all.some(
      (role) =>
        cut.role.test(role.name) &&
        (!cut.productionOnly || role.boundary.production) &&
        role.statements.some(({ statement }) => (statement.effect ?? "Allow") === "Allow" && (statement.actions ?? []).some(cut.action)),
    );
    expect([i, cut.why, used]).toEqual([i, cut.why, true]);
  }
});

describe("the production boundary alone denies every production delete and read of the review, whatever the role's own policy", () => {
  const configs = [builtIn("dev"), builtIn("prod")];
  const { boundaries, roles } = boundedRoles(configs);
  const prod = [...boundaries.values()].find((b) => b.arn.endsWith("road-warrior-prod-ci-boundary"))!;
  const dev = [...boundaries.values()].find((b) => b.arn.endsWith("road-warrior-dev-ci-boundary"))!;
  const account = prod.account;
  const role = (name: string) => `arn:aws:iam::${account}:role/road-warrior-prod.${name}`;
  // A stack role (a service's Pod Identity role, so also a pod of that service) whose own policy was made `Action: *`.
  const asRole = (name: string, request: Request, boundary: Boundary = prod) =>
    decide({ ...request, context: { ...request.context, "aws:PrincipalArn": role(name) } }, anything, boundary.statements);
  const arn = (service: string, resource: string) => `arn:aws:${service}:eu-central-1:${account}:${resource}`;

  // Every stack role of production: the boundary's denies hold for each, the backup role's expiry of its own snapshots aside.
  const prodRoles = roles.filter((r) => r.boundary === prod).map((r) => r.name.replace("road-warrior-prod.", ""));
  test("the production stacks' roles are the ones these paths are checked for", () => {
    expect(prodRoles).toEqual(expect.arrayContaining(["trips-api", "nodes", "karpenter", "karpenter-nodes", "backup", "lb-controller"]));
  });

  // The third entry: the roles a path is allowed to, and why (checked in the AWS Backup test below).
  const paths: [string, Request, string[]?][] = [
    ["rds:DeleteDBCluster", { action: "rds:DeleteDBCluster", resource: arn("rds", "cluster:road-warrior-prod-aurora") }],
    [
      "rds:DeleteDBClusterSnapshot (a manual or final snapshot)",
      { action: "rds:DeleteDBClusterSnapshot", resource: arn("rds", "cluster-snapshot:road-warrior-prod-aurora-final") },
    ],
    [
      "rds:ModifyDBClusterSnapshotAttribute (share with another account)",
      { action: "rds:ModifyDBClusterSnapshotAttribute", resource: arn("rds", "cluster-snapshot:awsbackup:job-0123") },
    ],
    ["backup:DeleteRecoveryPoint", { action: "backup:DeleteRecoveryPoint", resource: arn("backup", "recovery-point:abc") }],
    [
      "backup:UpdateRecoveryPointLifecycle",
      { action: "backup:UpdateRecoveryPointLifecycle", resource: arn("backup", "recovery-point:abc") },
    ],
    [
      "backup:DeleteBackupVaultLockConfiguration (inside the grace time)",
      { action: "backup:DeleteBackupVaultLockConfiguration", resource: arn("backup", "backup-vault:road-warrior-prod-backup") },
    ],
    ["backup:DeleteBackupPlan", { action: "backup:DeleteBackupPlan", resource: arn("backup", "backup-plan:0123") }],
    [
      "s3:DeleteObjectVersion on the assets bucket",
      { action: "s3:DeleteObjectVersion", resource: `arn:aws:s3:::road-warrior-prod-assets-${account}/trips-api/photo.jpg` },
    ],
    ["s3:DeleteBucket on the assets bucket", { action: "s3:DeleteBucket", resource: `arn:aws:s3:::road-warrior-prod-assets-${account}` }],
    ["s3:DeleteBucket on the logs bucket", { action: "s3:DeleteBucket", resource: `arn:aws:s3:::road-warrior-prod-logs-${account}` }],
    ["kms:DeleteAlias on the data key's alias", { action: "kms:DeleteAlias", resource: arn("kms", "alias/road-warrior-prod-data") }],
    ["kms:PutKeyPolicy on the data key", { action: "kms:PutKeyPolicy", resource: arn("kms", "key/0123") }],
    ["kms:ScheduleKeyDeletion", { action: "kms:ScheduleKeyDeletion", resource: arn("kms", "key/0123") }],
    [
      "secretsmanager:GetSecretValue of the RDS-managed master secret",
      { action: "secretsmanager:GetSecretValue", resource: arn("secretsmanager", "secret:rds!cluster-0a1b2c-AbCdEf") },
    ],
    [
      "secretsmanager:DeleteSecret of a service secret",
      { action: "secretsmanager:DeleteSecret", resource: arn("secretsmanager", "secret:road-warrior-prod/trips-api-AbCdEf") },
    ],
    ["cloudtrail:StopLogging", { action: "cloudtrail:StopLogging", resource: arn("cloudtrail", "trail/organization") }],
    ["cloudtrail:DeleteTrail", { action: "cloudtrail:DeleteTrail", resource: arn("cloudtrail", "trail/organization") }],
    [
      "logs:DeleteLogGroup on the EKS audit log",
      { action: "logs:DeleteLogGroup", resource: arn("logs", "log-group:/aws/eks/road-warrior-prod/cluster") },
    ],
    [
      "logs:PutRetentionPolicy of one day on the EKS audit log",
      { action: "logs:PutRetentionPolicy", resource: arn("logs", "log-group:/aws/eks/road-warrior-prod/cluster") },
    ],
    [
      "logs:PutRetentionPolicy of one day on the VPC flow logs",
      { action: "logs:PutRetentionPolicy", resource: arn("logs", "log-group:/road-warrior/prod/vpc-flow-logs") },
    ],
    [
      "logs:PutRetentionPolicy of one day on the WAF logs",
      { action: "logs:PutRetentionPolicy", resource: arn("logs", "log-group:aws-waf-logs-road-warrior-prod-edge") },
    ],
    [
      "logs:DeleteLogGroup on the VPC flow logs",
      { action: "logs:DeleteLogGroup", resource: arn("logs", "log-group:/road-warrior/prod/vpc-flow-logs") },
    ],
    [
      "s3:PutBucketOwnershipControls (ACLs back on, then an object ACL granting another account)",
      { action: "s3:PutBucketOwnershipControls", resource: `arn:aws:s3:::road-warrior-prod-assets-${account}` },
    ],
    [
      "rds:DeleteDBClusterAutomatedBackup (the retained backups of a cluster)",
      { action: "rds:DeleteDBClusterAutomatedBackup", resource: arn("rds", "cluster-auto-backup:cluster-backup-0a1b2c") },
      ["backup"],
    ],
    [
      "rds:RestoreDBClusterFromSnapshot (a copy of the database in a cluster of the caller's making)",
      { action: "rds:RestoreDBClusterFromSnapshot", resource: arn("rds", "cluster:road-warrior-prod-copy") },
      ["backup"],
    ],
    [
      "s3:PutBucketNotification (every new object announced to a queue of the caller's choosing)",
      { action: "s3:PutBucketNotification", resource: `arn:aws:s3:::road-warrior-prod-assets-${account}` },
      ["backup"],
    ],
    [
      "s3:PutInventoryConfiguration (a daily list of every object, written to another bucket)",
      { action: "s3:PutInventoryConfiguration", resource: `arn:aws:s3:::road-warrior-prod-assets-${account}` },
      ["backup"],
    ],
    [
      "events:PutTargets (the account's events sent elsewhere)",
      { action: "events:PutTargets", resource: arn("events", "rule/any") },
      ["backup"],
    ],
    [
      "xray:PutResourcePolicy and xray:PutEncryptionConfig (only the two trace writes are on the boundary)",
      { action: "xray:PutEncryptionConfig", resource: "*" },
    ],
    ["ecr:BatchDeleteImage", { action: "ecr:BatchDeleteImage", resource: arn("ecr", "repository/road-warrior/prod/trips-api") }],
    [
      "iam:PutRolePolicy on another stack role",
      { action: "iam:PutRolePolicy", resource: `arn:aws:iam::${account}:role/road-warrior-prod.backup` },
    ],
    [
      "iam:PassRole of another stack role to EC2 (a node with RunInstances launching as it)",
      { action: "iam:PassRole", resource: role("trips-api"), context: { "iam:PassedToService": "ec2.amazonaws.com" } },
    ],
    ["sts:AssumeRole of another role", { action: "sts:AssumeRole", resource: role("backup") }],
  ];

  test.each(paths)("%s: denied to every production stack role", (_path, request, allowedTo = []) => {
    for (const name of prodRoles.filter((r) => !allowedTo.includes(r)))
      expect([name, asRole(name, request)]).toEqual([name, expect.stringMatching(/deny$/)]);
  });

  test("the deletes and reads of production data are explicit denies: they hold even if an allow-list row grew too wide", () => {
    // The pass-role path and X-Ray's other writes are refused by the allow-list itself (implicit denies).
    for (const [label, request] of paths.filter(([p]) => !p.startsWith("iam:PassRole") && !p.startsWith("xray:")))
      expect([label, asRole("trips-api", request)]).toEqual([label, "explicit deny"]);
  });

  test("AWS Backup's role keeps what only it needs: restores, the S3 backups' inventory, notifications and rules", () => {
    for (const request of [
      { action: "rds:RestoreDBClusterFromSnapshot", resource: arn("rds", "cluster:road-warrior-prod-restored") },
      { action: "s3:PutBucketNotification", resource: `arn:aws:s3:::road-warrior-prod-assets-${account}` },
      { action: "s3:PutInventoryConfiguration", resource: `arn:aws:s3:::road-warrior-prod-assets-${account}` },
      { action: "events:PutRule", resource: arn("events", "rule/AwsBackupManagedRule") },
    ])
      expect([request.action, asRole("backup", request)]).toEqual([request.action, "allowed"]);
  });

  test("AWS Backup's role expires the snapshots AWS Backup made, and only those; no other role does", () => {
    const own = { action: "rds:DeleteDBClusterSnapshot", resource: arn("rds", "cluster-snapshot:awsbackup:job-0a1b2c") };
    expect(asRole("backup", own)).toBe("allowed");
    expect(asRole("trips-api", own)).toBe("explicit deny");
    expect(
      asRole("backup", { action: "rds:DeleteDBClusterSnapshot", resource: arn("rds", "cluster-snapshot:road-warrior-prod-manual") }),
    ).toBe("explicit deny");
    // Modifying the cluster can reset the master password: only AWS Backup's role (continuous backups).
    const modify = { action: "rds:ModifyDBCluster", resource: arn("rds", "cluster:road-warrior-prod-aurora") };
    expect(asRole("backup", modify)).toBe("allowed");
    expect(asRole("trips-api", modify)).toBe("explicit deny");
    // Retained automated backups (AWS Backup's continuous backups): the same.
    const retained = { action: "rds:DeleteDBClusterAutomatedBackup", resource: arn("rds", "cluster-auto-backup:cluster-backup-0a1b2c") };
    expect(asRole("backup", retained)).toBe("allowed");
    expect(asRole("karpenter", retained)).toBe("explicit deny");
  });

  test("the Karpenter nodes' role is passed to EC2 only, and is the only role passed", () => {
    const pass = (name: string, service: string) =>
      asRole("karpenter", { action: "iam:PassRole", resource: role(name), context: { "iam:PassedToService": service } });
    expect(pass("karpenter-nodes", "ec2.amazonaws.com")).toBe("allowed");
    for (const service of ["lambda.amazonaws.com", "ecs-tasks.amazonaws.com", "codebuild.amazonaws.com", "backup.amazonaws.com"])
      expect([service, pass("karpenter-nodes", service)]).toEqual([service, "implicit deny"]);
    for (const other of prodRoles.filter((r) => r !== "karpenter-nodes"))
      expect([other, pass(other, "ec2.amazonaws.com")]).toEqual([other, "implicit deny"]);
    expect(BOUNDARY_PASS_ROLES.map((p) => `${p.component}->${p.service}`)).toEqual(["karpenter-nodes->ec2.amazonaws.com"]);
  });

  test("dev's boundary carries no production denies (dev is torn down), yet its allow-list still refuses what no role uses", () => {
    const teardown = { action: "rds:DeleteDBCluster", resource: `arn:aws:rds:eu-central-1:${dev.account}:cluster:road-warrior-dev-aurora` };
    const devRole = (request: Request) =>
      decide(
        { ...request, context: { "aws:PrincipalArn": `arn:aws:iam::${dev.account}:role/road-warrior-dev.trips-api` } },
        anything,
        dev.statements,
      );
    expect(devRole(teardown)).toBe("implicit deny");
    expect(dev.statements.filter((s) => s.sid?.startsWith("Prod"))).toEqual([]);
    expect(prod.statements.filter((s) => s.sid?.startsWith("Prod")).length).toBeGreaterThanOrEqual(4);
  });

  test("what the roles legitimately do stays allowed (a service reads its prefix, nodes pull images, Karpenter launches nodes)", () => {
    expect(
      asRole("trips-api", { action: "s3:GetObject", resource: `arn:aws:s3:::road-warrior-prod-assets-${account}/trips-api/a.jpg` }),
    ).toBe("allowed");
    expect(
      asRole("trips-api", { action: "s3:DeleteObject", resource: `arn:aws:s3:::road-warrior-prod-assets-${account}/trips-api/a.jpg` }),
    ).toBe("allowed");
    expect(asRole("nodes", { action: "ecr:BatchGetImage", resource: arn("ecr", "repository/road-warrior/prod/trips-api") })).toBe(
      "allowed",
    );
    expect(asRole("karpenter", { action: "ec2:RunInstances", resource: arn("ec2", "instance/*") })).toBe("allowed");
  });
});

describe("the allow-list (src/constructs/ci/boundary-allow-list.ts)", () => {
  const written = boundaryAllowedActions();

  test("never a bare * or a whole service: every wildcard is a read verb or a reviewed write family", () => {
    expect(written.filter((a) => a === "*" || /:\*$/.test(a))).toEqual([]);
    const families = new Set(WRITE_FAMILIES.map((f) => f.pattern));
    const reads = (a: string) => /^[^:]+:(Describe|List)\*$/.test(a) || (/^[^:]+:Get\*$/.test(a) && GET_FOLDS.includes(a.split(":")[0]));
    expect(written.filter((a) => a.includes("*") && !reads(a) && !families.has(a))).toEqual([]);
  });

  test("reads that return data are never folded: objects, secret values, connection tokens stay action by action", () => {
    for (const service of ["s3", "secretsmanager", "codeconnections", "ecr", "kms", "rds"]) expect(GET_FOLDS).not.toContain(service);
    expect(written).not.toContain("s3:Get*");
    expect(written).not.toContain("secretsmanager:Get*");
  });

  test("a row that asks for a whole service, for Action * or for an IAM write is refused with the action named", () => {
    expect(() => boundaryAllowedActions({ bad: { why: "test", actions: ["s3:*"] } })).toThrow(/s3:\* is not one action/);
    expect(() => boundaryAllowedActions({ bad: { why: "test", actions: ["*"] } })).toThrow(/\* is not one action/);
    // An account-wide IAM write (its resource is `*`, outside the deny on IAM's resources) is refused the same way.
    expect(() => boundaryAllowedActions({ bad: { why: "test", actions: ["iam:CreateAccountAlias", "iam:GetRole"] } })).toThrow(
      /iam:CreateAccountAlias would let a stack role change IAM/,
    );
  });

  test("every action of every row is on the boundary, and iam:PassRole only through the per-role pass list", () => {
    const boundary: Statement[] = [{ actions: written, resources: ["*"] }];
    const rows = Object.entries(BOUNDARY_ALLOW_LIST).flatMap(([row, grant]) => grant.actions.map((action) => [row, action]));
    for (const [row, action] of rows.filter(([, a]) => a !== "iam:PassRole"))
      expect([row, action, decide({ action, resource: "*" }, anything, boundary)]).toEqual([row, action, "allowed"]);
    expect(written).not.toContain("iam:PassRole");
  });

  test("the extension points for the roles other work adds are there: the Synthetics canary and the front end's read role", () => {
    expect(BOUNDARY_ALLOW_LIST.syntheticsCanary.why).toMatch(/^EXTENSION POINT/);
    expect(BOUNDARY_ALLOW_LIST.frontendRead.actions).toEqual(expect.arrayContaining(["ssm:GetParameter", "ssm:GetParametersByPath"]));
  });
});

/** Every Allow of `*`, of a whole service or of NotAction in a synthesized app's policies, but a key policy's root statement. */
function wildcardAllowsOf(app: Record<string, Json>): string[] {
  const offenders: string[] = [];
  for (const [stackName, stack] of Object.entries(app)) {
    const keyPolicies = new Set(
      Object.values((stack.resource?.aws_kms_key ?? {}) as Record<string, Json>).map(
        (k) => /data\.aws_iam_policy_document\.([^.]+)\.json/.exec(String(k.policy))?.[1],
      ),
    );
    const documents = Object.entries((stack.data?.aws_iam_policy_document ?? {}) as Record<string, Json>).map(
      ([name, d]) => [name, d.statement as Statement[]] as const,
    );
    // A policy written as JSON text rather than a document (none today): parsed and checked the same way.
    for (const [type, resources] of Object.entries((stack.resource ?? {}) as Record<string, Record<string, Json>>))
      for (const [name, r] of Object.entries(resources))
        for (const field of ["policy", "assume_role_policy", "access_policy"])
          if (typeof r[field] === "string" && r[field].includes('"Statement"'))
            documents.push([
              `${type}.${name}.${field}`,
              ([] as Json[]).concat(JSON.parse(r[field]).Statement).map((s) => ({
                effect: s.Effect,
                actions: ([] as string[]).concat(s.Action ?? []),
                not_actions: s.NotAction,
                principals: s.Principal?.AWS ? [{ type: "AWS", identifiers: ([] as string[]).concat(s.Principal.AWS) }] : undefined,
              })),
            ]);
    for (const [name, statements] of documents)
      for (const s of statements) {
        if ((s.effect ?? "Allow") !== "Allow") continue;
        const wild = (s.actions ?? []).filter((a) => a === "*" || /^[^:]+:\*$/.test(a));
        if (s.not_actions) wild.push(`NotAction ${s.not_actions.join(",")}`);
        if (wild.length === 0) continue;
        const root = (s.principals ?? []).every(
          (p) => p.type === "AWS" && p.identifiers.every((i) => /^arn:[^:]+:iam::\d{12}:root$|:iam::\d{12}:root$/.test(i)),
        );
        const keyRoot = keyPolicies.has(name) && wild.every((a) => a === "kms:*") && (s.principals ?? []).length > 0 && root;
        if (!keyRoot) offenders.push(`${stackName} ${name} ${s.sid ?? ""}: ${wild.join(" ")}`);
      }
  }
  return offenders;
}

describe("no policy the project writes allows Action * (the key policies' root statement, kms:* for the account, aside)", () => {
  test.each(APPS)("%s: every policy document and inline policy of every stack", (_label, configs) => {
    expect(wildcardAllowsOf(synthApp(configs()))).toEqual([]);
  });

  test("a planted Allow of *, of a whole service or of NotAction is caught; the key policies' root statements beside it are not", () => {
    const app = synthApp([builtIn("dev"), builtIn("prod")]);
    const data = app["prod-data"];
    const [name, document] = Object.entries(data.data.aws_iam_policy_document as Record<string, Json>).find(([k]) =>
      k.includes("ServiceRole-trips-api"),
    )!;
    document.statement.push({ sid: "Planted", actions: ["*"], resources: ["*"] });
    document.statement.push({ sid: "PlantedService", actions: ["s3:*"], resources: ["*"] });
    document.statement.push({ sid: "PlantedNot", not_actions: ["iam:*"], resources: ["*"] });
    expect(wildcardAllowsOf({ "prod-data": data })).toEqual([
      `prod-data ${name} Planted: *`,
      `prod-data ${name} PlantedService: s3:*`,
      `prod-data ${name} PlantedNot: NotAction iam:*`,
    ]);
  });
});
