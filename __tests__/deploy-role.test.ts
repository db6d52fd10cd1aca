import {
  deployPolicyDocuments,
  LONGEST_PARTITION,
  MANAGED_POLICY_LIMIT,
  MAX_DEPLOY_POLICIES,
  scopeArns,
} from "../src/constructs/ci/deploy-permissions";
import { RESOURCE_PERMISSIONS, Scope } from "../src/constructs/ci/resource-permissions";
import { builtIn } from "./support/environments";
import { decide, managedPolicyStatements, Request, resolveTokens, Statement } from "./support/iam-policy";
import { resourcesOf, synthApp } from "./support/stacks";

type Json = Record<string, any>;

/**
 * The deploy role as IAM evaluates it: its inline policy and all its generated managed policies
 * together, without the permissions boundary (the deploy role has none), for the built-in dev and
 * prod environments as the bootstrap stacks synthesize them.
 */
const app = synthApp([builtIn("dev"), builtIn("prod")]);
const ENVS = {
  dev: { account: "111111111111", production: false },
  prod: { account: "222222222222", production: true },
} as const;
const REGION = "eu-central-1";
const KEY_ID = "0a1b2c3d-4e5f-6789-abcd-ef0123456789";
/** Terraform's references in the bootstrap stack, as IAM sees them after the apply (the state key with a 36-character id). */
const partitionTokens = (partition: string) => ({
  "\\$\\{data\\.aws_partition\\.[\\w-]+\\.partition\\}": partition,
  "\\$\\{aws_s3_bucket\\.StateBucket-([\\w-]+)\\.arn\\}": `arn:${partition}:s3:::$1`,
  "\\$\\{aws_kms_key\\.StateKey-[\\w-]+-(\\d{12})\\.arn\\}": `arn:${partition}:kms:eu-central-1:$1:key/${KEY_ID}`,
});

function deployRole(env: keyof typeof ENVS): Statement[] {
  const bootstrap = app[`bootstrap-${ENVS[env].account}`];
  const inline = Object.entries(bootstrap.data.aws_iam_policy_document as Record<string, Json>).find(([k]) =>
    k.startsWith(`CiRoles-${env}_DeployPermissions_`),
  )![1].statement as Statement[];
  return [
    ...resolveTokens(inline, partitionTokens("aws")),
    ...managedPolicyStatements(bootstrap, `CiRoles-${env}_DeployManaged`, partitionTokens("aws")),
  ];
}
const roles = { dev: deployRole("dev"), prod: deployRole("prod") };
const may = (env: keyof typeof ENVS, request: Request) => decide(request, roles[env]);
const arn = (env: keyof typeof ENVS, service: string, resource: string) => `arn:aws:${service}:${REGION}:${ENVS[env].account}:${resource}`;

/** A name of the environment's own resource for each scope: its first ARN pattern with every wildcard filled. */
const sampleOf = (env: keyof typeof ENVS, scope: Exclude<Scope, "stackIam">) =>
  scopeArns(scope, {
    partition: "aws",
    region: REGION,
    accountId: ENVS[env].account,
    project: "road-warrior",
    environmentName: env,
    production: ENVS[env].production,
  }).resources[0].replace(/\*/g, "x");

describe("deploy role: each path of the security review is denied (all its policies together, no boundary)", () => {
  const prodStateBucket = `arn:aws:s3:::road-warrior-tfstate-${ENVS.prod.account}`;
  const eksLogGroup = (() => {
    const group = Object.values(resourcesOf(app["prod-cluster"], "aws_cloudwatch_log_group") as Record<string, Json>).find((g) =>
      String(g.name).startsWith("/aws/eks/"),
    );
    return arn("prod", "logs", `log-group:${group!.name}`);
  })();
  const serviceSecret = (() => {
    const secret = Object.values(resourcesOf(app["prod-data"], "aws_secretsmanager_secret") as Record<string, Json>)[0];
    // Secrets Manager appends six random characters to a secret's name in its ARN.
    return arn("prod", "secretsmanager", `secret:${secret.name}-AbC123`);
  })();

  test.each(["dev", "prod"] as const)("%s: it never reads the RDS-managed master secret (rds!cluster-...), nor any secret value", (env) => {
    const master = arn(env, "secretsmanager", "secret:rds!cluster-0a1b2c3d-4e5f-6789-abcd-ef0123456789-AbC123");
    for (const action of ["secretsmanager:GetSecretValue", "secretsmanager:PutResourcePolicy", "secretsmanager:DeleteSecret"])
      expect([action, may(env, { action, resource: master })]).toEqual([action, "explicit deny"]);
    expect(may(env, { action: "secretsmanager:GetSecretValue", resource: serviceSecret })).toBe("explicit deny");
    expect(may(env, { action: "secretsmanager:BatchGetSecretValue", resource: "*" })).toBe("explicit deny");
    // RDS creates and tags the master secret with the caller's rights; a secret of another name is not the database's.
    expect(may(env, { action: "secretsmanager:CreateSecret", resource: master })).toBe("allowed");
    expect(may(env, { action: "secretsmanager:CreateSecret", resource: arn(env, "secretsmanager", "secret:other/x-AbC123") })).toBe(
      "implicit deny",
    );
  });

  test("prod: it never deletes a service secret (its value is set outside Terraform and is in no backup)", () => {
    expect(may("prod", { action: "secretsmanager:DeleteSecret", resource: serviceSecret })).toBe("explicit deny");
    // It still creates, tags and describes them.
    for (const action of ["secretsmanager:CreateSecret", "secretsmanager:TagResource", "secretsmanager:DescribeSecret"])
      expect([action, may("prod", { action, resource: serviceSecret })]).toEqual([action, "allowed"]);
    // Dev: removing a service from the environment file deletes its secret.
    expect(
      may("dev", { action: "secretsmanager:DeleteSecret", resource: arn("dev", "secretsmanager", "secret:road-warrior/dev/x-AbC123") }),
    ).toBe("allowed");
  });

  test.each(["dev", "prod"] as const)("%s: it never stops, deletes or narrows a CloudTrail trail", (env) => {
    const trail = arn(env, "cloudtrail", "trail/organization-trail");
    for (const action of ["cloudtrail:StopLogging", "cloudtrail:DeleteTrail", "cloudtrail:UpdateTrail", "cloudtrail:PutEventSelectors"])
      expect([action, may(env, { action, resource: trail })]).toEqual([action, "explicit deny"]);
  });

  test("prod: it never deletes the cluster's control-plane (audit) log group, nor its streams", () => {
    expect(eksLogGroup).toBe(arn("prod", "logs", "log-group:/aws/eks/road-warrior-prod/cluster"));
    for (const resource of [eksLogGroup, `${eksLogGroup}:*`])
      for (const action of ["logs:DeleteLogGroup", "logs:DeleteLogStream"])
        expect([action, resource, may("prod", { action, resource })]).toEqual([action, resource, "explicit deny"]);
    // Its retention is still Terraform's (a shorter one shows in the plan review).
    expect(may("prod", { action: "logs:PutRetentionPolicy", resource: eksLogGroup })).toBe("allowed");
  });

  test.each(["dev", "prod"] as const)("%s: it never deletes an image (ECR's lifecycle policy expires them, not the deploy)", (env) => {
    expect(may(env, { action: "ecr:BatchDeleteImage", resource: arn(env, "ecr", `repository/road-warrior/${env}/trips-api`) })).toBe(
      "explicit deny",
    );
  });

  test.each(["dev", "prod"] as const)("%s: it never shares a database snapshot with another account", (env) => {
    for (const action of ["rds:ModifyDBClusterSnapshotAttribute", "rds:ModifyDBSnapshotAttribute"])
      expect(may(env, { action, resource: arn(env, "rds", `cluster-snapshot:road-warrior-${env}-aurora-final`) })).toBe("explicit deny");
  });

  test("it never changes the state bucket's logging, public access block, ownership or ACL (nor its logs bucket's)", () => {
    for (const bucket of [prodStateBucket, `${prodStateBucket}-logs`])
      for (const action of ["s3:PutBucketLogging", "s3:PutBucketPublicAccessBlock", "s3:PutBucketOwnershipControls", "s3:PutBucketAcl"])
        expect([bucket, action, may("prod", { action, resource: bucket })]).toEqual([bucket, action, "explicit deny"]);
  });

  test("prod: the data Terraform never deletes stays out of reach (database, snapshots, backups, buckets, aliases)", () => {
    const denied: [string, string][] = [
      ["rds:DeleteDBCluster", arn("prod", "rds", "cluster:road-warrior-prod-aurora")],
      ["rds:DeleteDBClusterSnapshot", arn("prod", "rds", "cluster-snapshot:road-warrior-prod-aurora-final")],
      ["backup:DeleteRecoveryPoint", arn("prod", "backup", "recovery-point:abc")],
      ["backup:UpdateRecoveryPointLifecycle", arn("prod", "backup", "recovery-point:abc")],
      ["backup:DeleteBackupVaultLockConfiguration", arn("prod", "backup", "backup-vault:road-warrior-prod-backup")],
      ["backup:DeleteBackupPlan", arn("prod", "backup", "backup-plan:0123")],
      ["s3:DeleteBucket", `arn:aws:s3:::road-warrior-prod-assets-${ENVS.prod.account}`],
      ["s3:DeleteObjectVersion", `arn:aws:s3:::road-warrior-prod-assets-${ENVS.prod.account}/photo.jpg`],
      ["kms:DeleteAlias", arn("prod", "kms", "alias/road-warrior-prod-data")],
    ];
    for (const [action, resource] of denied) expect([action, may("prod", { action, resource })]).toEqual([action, "explicit deny"]);
  });

  test("dev: it cannot delete or move the data key's alias and then rewrite the key's policy", () => {
    const alias = arn("dev", "kms", "alias/road-warrior-dev-data");
    for (const action of ["kms:DeleteAlias", "kms:UpdateAlias"])
      expect([action, may("dev", { action, resource: alias })]).toEqual([action, "explicit deny"]);
    // With its alias the key's policy is never the deploy role's to edit; a key without one is a new key (the lockout check).
    const key = arn("dev", "kms", "key/0a1b2c3d-4e5f-6789-abcd-ef0123456789");
    expect(
      may("dev", { action: "kms:PutKeyPolicy", resource: key, context: { "kms:ResourceAliases": ["alias/road-warrior-dev-data"] } }),
    ).toBe("explicit deny");
    // It still creates the aliases of a first deploy.
    expect(may("dev", { action: "kms:CreateAlias", resource: alias })).toBe("allowed");
  });

  test.each(["dev", "prod"] as const)(
    "%s: nothing outside the table: no other service, and no write outside the environment's names",
    (env) => {
      for (const action of ["lambda:CreateFunction", "dynamodb:DeleteTable", "organizations:LeaveOrganization", "s3:GetObject"])
        expect([action, may(env, { action, resource: "*" })]).not.toEqual([action, "allowed"]);
      const other = env === "dev" ? "prod" : "dev";
      expect(may(env, { action: "s3:PutBucketPolicy", resource: `arn:aws:s3:::road-warrior-${other}-assets-1` })).toBe("implicit deny");
      expect(may(env, { action: "rds:ModifyDBCluster", resource: arn(env, "rds", `cluster:road-warrior-${other}-aurora`) })).toBe(
        "implicit deny",
      );
      expect(may(env, { action: "eks:DeleteCluster", resource: arn(env, "eks", `cluster/road-warrior-${other}`) })).toBe("implicit deny");
      // AWS's public parameters (the NAT instance's AMI), not the account's own.
      expect(
        may(env, { action: "ssm:GetParameters", resource: `arn:aws:ssm:${REGION}::parameter/aws/service/ami-amazon-linux-latest/x` }),
      ).toBe("allowed");
      expect(may(env, { action: "ssm:GetParameters", resource: arn(env, "ssm", `parameter/road-warrior/${env}/db-password`) })).toBe(
        "implicit deny",
      );
      // The keys' data: only through the services that use them on its behalf.
      expect(may(env, { action: "kms:Decrypt", resource: arn(env, "kms", "key/x") })).toBe("implicit deny");
      expect(
        may(env, {
          action: "kms:Decrypt",
          resource: arn(env, "kms", "key/x"),
          context: { "kms:ViaService": `rds.${REGION}.amazonaws.com` },
        }),
      ).toBe("allowed");
    },
  );
});

describe("deploy role: it still does every write of the table on its environment's names", () => {
  const context = {
    "iam:PermissionsBoundary": "",
    "kms:ViaService": `rds.${REGION}.amazonaws.com`,
    "kms:GrantIsForAWSResource": "true",
  };

  /** The writes the guards take away, each a reviewed decision (deploy-permissions.ts, deploy-role-policy.ts). */
  const GUARDED: Record<keyof typeof ENVS, string[]> = {
    dev: ["kms:ScheduleKeyDeletion", "kms:UpdateAlias", "kms:DeleteAlias"],
    prod: [
      "kms:ScheduleKeyDeletion",
      "kms:UpdateAlias",
      "kms:DeleteAlias",
      "rds:DeleteDBCluster",
      "backup:DeleteBackupPlan",
      "backup:DeleteBackupSelection",
      "backup:DeleteBackupVault",
      "backup:DeleteBackupVaultLockConfiguration",
      "backup:DeleteBackupVaultAccessPolicy",
      "s3:DeleteBucket",
      "secretsmanager:DeleteSecret",
      // None of these is a call Terraform makes when it creates a resource (a first deploy keeps working);
      // the access entries of the admin and node roles stay allowed (tested above).
      "ecr:DeleteLifecyclePolicy",
      "ecr:DeleteRepository",
      "eks:CreateAccessEntry",
      "eks:DeleteCluster",
      "logs:AssociateKmsKey",
      "logs:DeleteLogGroup",
      "logs:DeleteRetentionPolicy",
      "logs:DisassociateKmsKey",
      "rds:ModifyDBSubnetGroup",
      "s3:DeleteBucketPolicy",
      "secretsmanager:DeleteResourcePolicy",
      "secretsmanager:PutResourcePolicy",
      "secretsmanager:UpdateSecret",
    ],
  };

  test.each(["dev", "prod"] as const)("%s: allowed, but the reviewed guards", (env) => {
    const boundary = `arn:aws:iam::${ENVS[env].account}:policy/road-warrior-${env}-ci-boundary`;
    const denied: string[] = [];
    for (const entry of Object.values(RESOURCE_PERMISSIONS)) {
      if (entry.bootstrapOnly) continue;
      for (const [scope, actions] of Object.entries(entry.write) as [Scope, string[]][]) {
        const resource =
          scope === "stackIam"
            ? `arn:aws:iam::${ENVS[env].account}:role/road-warrior-${env}.x`
            : scope === "database"
              ? arn(env, "rds", `cluster:road-warrior-${env}-aurora`)
              : sampleOf(env, scope as Exclude<Scope, "stackIam">);
        for (const action of actions) {
          const stackPolicy = `arn:aws:iam::${ENVS[env].account}:policy/road-warrior-${env}.x`;
          const decision = may(env, {
            action,
            resource,
            context: { ...context, "iam:PermissionsBoundary": boundary, "iam:PolicyARN": stackPolicy },
          });
          if (decision !== "allowed") denied.push(action);
        }
      }
    }
    // Instance profiles and policies of the stacks have their own names (covered in ci-roles.test.ts).
    const iamOwnNames = [
      "iam:CreateInstanceProfile",
      "iam:DeleteInstanceProfile",
      "iam:AddRoleToInstanceProfile",
      "iam:RemoveRoleFromInstanceProfile",
    ];
    const policyNames = [
      "iam:TagInstanceProfile",
      "iam:UntagInstanceProfile",
      "iam:CreatePolicy",
      "iam:CreatePolicyVersion",
      "iam:DeletePolicy",
    ];
    const otherNames = [...iamOwnNames, ...policyNames, "iam:DeletePolicyVersion", "iam:TagPolicy", "iam:UntagPolicy"];
    expect([...new Set(denied.filter((a) => !otherNames.includes(a)))].sort()).toEqual([...GUARDED[env]].sort());
  });
});

describe("deploy role: within IAM's limits, and no Action * allow", () => {
  test.each(["dev", "prod"] as const)(
    "%s: each managed policy is at most 6,144 characters without whitespace (in the longest partition), and they fit the role's 10",
    (env) => {
      const bootstrap = app[`bootstrap-${ENVS[env].account}`];
      const policies = Object.entries(resourcesOf(bootstrap, "aws_iam_policy") as Record<string, Json>).filter(([k]) =>
        k.startsWith(`CiRoles-${env}_DeployManaged`),
      );
      expect(policies.length).toBeGreaterThan(0);
      for (const [, policy] of policies) {
        const text = resolveTokens(policy.policy as string, partitionTokens(LONGEST_PARTITION)).replace(/\s/g, "");
        expect(text.length).toBeLessThanOrEqual(MANAGED_POLICY_LIMIT);
        expect(policy.name).toMatch(new RegExp(`^road-warrior-${env}-ci-deploy-\\d+$`));
      }
      const attachedToDeploy = Object.values(resourcesOf(bootstrap, "aws_iam_role_policy_attachment") as Record<string, Json>).filter((a) =>
        String(a.role).includes(`CiRoles-${env}_DeployRole`),
      );
      expect(attachedToDeploy.length).toBe(policies.length);
      expect(attachedToDeploy.length).toBeLessThanOrEqual(MAX_DEPLOY_POLICIES);
    },
  );

  test.each(["dev", "prod"] as const)("%s: no allow of Action * or of a whole service (service:*)", (env) => {
    const wide = roles[env].filter((s) => (s.effect ?? "Allow") === "Allow" && (s.actions ?? []).some((a) => a === "*" || /:\*$/.test(a)));
    expect(wide).toEqual([]);
    expect(roles[env].filter((s) => (s.effect ?? "Allow") === "Allow" && s.not_actions)).toEqual([]);
  });

  test("an environment whose names are too long for ten policies is refused with the limit named", () => {
    expect(() =>
      deployPolicyDocuments({
        partition: "aws",
        region: REGION,
        accountId: "222222222222",
        project: "p".repeat(1500),
        environmentName: "prod",
        production: true,
      }),
    ).toThrow(/needs \d+ managed policies, more than IAM's 10/);
  });
});

describe("deploy role: the name scopes reach the names the stacks actually give", () => {
  /** For a scoped type: its ARN from the synthesized resource (literal names only) and one write of the table to try on it. */
  const ARN_OF: Record<string, { write: string; arn: (env: keyof typeof ENVS, r: Json) => string | undefined }> = {
    aws_s3_bucket: { write: "s3:PutBucketTagging", arn: (_, r) => `arn:aws:s3:::${r.bucket}` },
    aws_rds_cluster: { write: "rds:ModifyDBCluster", arn: (env, r) => arn(env, "rds", `cluster:${r.cluster_identifier}`) },
    aws_rds_cluster_instance: { write: "rds:ModifyDBInstance", arn: (env, r) => arn(env, "rds", `db:${r.identifier}`) },
    aws_db_subnet_group: { write: "rds:CreateDBSubnetGroup", arn: (env, r) => arn(env, "rds", `subgrp:${r.name}`) },
    aws_rds_cluster_parameter_group: {
      write: "rds:ModifyDBClusterParameterGroup",
      arn: (env, r) => arn(env, "rds", `cluster-pg:${r.name}`),
    },
    aws_cloudwatch_log_group: { write: "logs:PutRetentionPolicy", arn: (env, r) => arn(env, "logs", `log-group:${r.name}`) },
    aws_ecr_repository: { write: "ecr:PutImageScanningConfiguration", arn: (env, r) => arn(env, "ecr", `repository/${r.name}`) },
    aws_secretsmanager_secret: {
      write: "secretsmanager:CreateSecret",
      arn: (env, r) => arn(env, "secretsmanager", `secret:${r.name}-AbC123`),
    },
    aws_sns_topic: { write: "sns:SetTopicAttributes", arn: (env, r) => arn(env, "sns", r.name) },
    aws_sqs_queue: { write: "sqs:SetQueueAttributes", arn: (env, r) => arn(env, "sqs", r.name) },
    aws_cloudwatch_event_rule: { write: "events:PutRule", arn: (env, r) => arn(env, "events", `rule/${r.name}`) },
    aws_codebuild_project: { write: "codebuild:UpdateProject", arn: (env, r) => arn(env, "codebuild", `project/${r.name}`) },
    aws_backup_vault: { write: "backup:TagResource", arn: (env, r) => arn(env, "backup", `backup-vault:${r.name}`) },
    aws_cloudwatch_metric_alarm: { write: "cloudwatch:PutMetricAlarm", arn: (env, r) => arn(env, "cloudwatch", `alarm:${r.alarm_name}`) },
    aws_cloudwatch_dashboard: {
      write: "cloudwatch:PutDashboard",
      arn: (env, r) => `arn:aws:cloudwatch::${ENVS[env].account}:dashboard/${r.dashboard_name}`,
    },
    aws_eks_cluster: { write: "eks:UpdateClusterConfig", arn: (env, r) => arn(env, "eks", `cluster/${r.name}`) },
    aws_kms_alias: { write: "kms:CreateAlias", arn: (env, r) => arn(env, "kms", r.name) },
    aws_ssm_parameter: { write: "ssm:PutParameter", arn: (env, r) => arn(env, "ssm", `parameter${r.name}`) },
    aws_cloudwatch_composite_alarm: {
      write: "cloudwatch:PutCompositeAlarm",
      arn: (env, r) => arn(env, "cloudwatch", `alarm:${r.alarm_name}`),
    },
  };

  test.each(["dev", "prod"] as const)("%s: every named resource of a scoped type is within its scope", (env) => {
    const checked: string[] = [];
    const refused: string[] = [];
    for (const [stack, json] of Object.entries(app)) {
      if (!stack.startsWith(`${env}-`)) continue;
      for (const [type, { write, arn: arnOf }] of Object.entries(ARN_OF))
        for (const r of Object.values((json.resource?.[type] ?? {}) as Record<string, Json>)) {
          const resource = arnOf(env, r);
          if (!resource || resource.includes("${")) continue;
          checked.push(type);
          if (may(env, { action: write, resource }) !== "allowed") refused.push(`${type} ${resource}`);
        }
    }
    expect(refused).toEqual([]);
    // Every scoped type of the environment was found by name (a type with no literal name would slip through).
    const expected = Object.keys(ARN_OF).filter((type) =>
      Object.entries(app).some(([s, j]) => s.startsWith(`${env}-`) && j.resource?.[type]),
    );
    expect([...new Set(checked)].sort()).toEqual(expected.sort());
  });
});

describe("deploy role, prod: the second review's paths are denied, and the calls of a first deploy are not", () => {
  const acct = ENVS.prod.account;
  const cluster = arn("prod", "rds", "cluster:road-warrior-prod-aurora");
  const backupRole = `arn:aws:iam::${acct}:role/road-warrior-prod.backup`;
  const deny = (request: Request) =>
    expect([request.action, request.resource, may("prod", request)]).toEqual([request.action, request.resource, "explicit deny"]);
  const allow = (request: Request) =>
    expect([request.action, request.resource, may("prod", request)]).toEqual([request.action, request.resource, "allowed"]);

  test("it never turns off RDS's management of the master password (a password of its own choosing would open the data)", () => {
    for (const action of [
      "rds:ModifyDBCluster",
      "rds:ModifyDBInstance",
      "rds:CreateDBCluster",
      "rds:CreateDBInstance",
      "rds:RestoreDBClusterToPointInTime",
      "rds:RestoreDBClusterFromSnapshot",
    ])
      deny({ action, resource: cluster, context: { "rds:ManageMasterUserPassword": "false" } });
    // Terraform's create and its other modifications send true or nothing: still allowed.
    allow({ action: "rds:CreateDBCluster", resource: cluster, context: { "rds:ManageMasterUserPassword": "true" } });
    allow({ action: "rds:ModifyDBCluster", resource: cluster });
    // Moving the database into other subnets, or deleting it, is an administrator's.
    deny({ action: "rds:ModifyDBSubnetGroup", resource: arn("prod", "rds", "subgrp:road-warrior-prod-aurora") });
    deny({ action: "rds:DeleteDBCluster", resource: cluster });
    allow({ action: "rds:CreateDBSubnetGroup", resource: arn("prod", "rds", "subgrp:road-warrior-prod-aurora") });
  });

  test("its buckets are never shared, copied or watched by another party; what a bucket's create calls stays allowed", () => {
    const bucket = "arn:aws:s3:::road-warrior-prod-uploads";
    for (const action of [
      "s3:DeleteBucketPolicy",
      "s3:PutReplicationConfiguration",
      "s3:PutBucketAcl",
      "s3:PutInventoryConfiguration",
      "s3:PutBucketNotification",
    ])
      deny({ action, resource: bucket });
    deny({ action: "s3:PutObjectAcl", resource: `${bucket}/key` });
    // aws_s3_bucket_* resources make these when they are created: a written-down residual (docs/ci.md).
    for (const action of ["s3:PutBucketPolicy", "s3:PutLifecycleConfiguration", "s3:PutBucketVersioning", "s3:PutBucketLogging"])
      allow({ action, resource: bucket });
  });

  test("it cannot take over the backup role (the one role the boundary lets touch the database)", () => {
    const boundary = `arn:aws:iam::${acct}:policy/road-warrior-prod-ci-boundary`;
    deny({ action: "iam:UpdateAssumeRolePolicy", resource: backupRole });
    deny({ action: "iam:DeleteRolePolicy", resource: backupRole });
    deny({
      action: "iam:AttachRolePolicy",
      resource: backupRole,
      context: { "iam:PermissionsBoundary": boundary, "iam:PolicyARN": `arn:aws:iam::${acct}:policy/road-warrior-prod.x` },
    });
    // Passed to EKS Pod Identity (a pod would run with its rights) or anywhere but AWS Backup: refused.
    for (const service of ["pods.eks.amazonaws.com", "eks.amazonaws.com", "ec2.amazonaws.com"])
      deny({ action: "iam:PassRole", resource: backupRole, context: { "iam:PassedToService": service } });
    // What the data stack does when it creates the role stays allowed.
    allow({
      action: "iam:AttachRolePolicy",
      resource: backupRole,
      context: {
        "iam:PermissionsBoundary": boundary,
        "iam:PolicyARN": "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup",
      },
    });
    allow({ action: "iam:PutRolePolicy", resource: backupRole, context: { "iam:PermissionsBoundary": boundary } });
    allow({ action: "iam:PassRole", resource: backupRole, context: { "iam:PassedToService": "backup.amazonaws.com" } });
  });

  test("the service secrets keep the values people set: no new value, stage, policy or rotation", () => {
    const secret = arn("prod", "secretsmanager", "secret:road-warrior/prod/trips-api-AbC123");
    for (const action of [
      "secretsmanager:PutSecretValue",
      "secretsmanager:UpdateSecret",
      "secretsmanager:UpdateSecretVersionStage",
      "secretsmanager:PutResourcePolicy",
      "secretsmanager:DeleteResourcePolicy",
      "secretsmanager:RotateSecret",
      "secretsmanager:CancelRotateSecret",
    ])
      deny({ action, resource: secret });
    allow({ action: "secretsmanager:CreateSecret", resource: secret });
  });

  test("every log group of the environment keeps its streams and its key; creating one (key included) stays allowed", () => {
    const groups = ["/aws/eks/road-warrior-prod/cluster", "/road-warrior/prod/vpc-flow-logs", "aws-waf-logs-road-warrior-prod-edge"];
    for (const name of groups) {
      const group = arn("prod", "logs", `log-group:${name}`);
      for (const action of ["logs:DeleteLogGroup", "logs:DeleteLogStream", "logs:AssociateKmsKey", "logs:DisassociateKmsKey"])
        deny({ action, resource: group });
      allow({ action: "logs:CreateLogGroup", resource: group });
      // aws_cloudwatch_log_group's create sets the retention: a written-down residual (docs/ci.md).
      allow({ action: "logs:PutRetentionPolicy", resource: group });
    }
  });

  test("the image repositories, their lifecycle and their policy stay; creating one and its lifecycle stays allowed", () => {
    const repository = arn("prod", "ecr", "repository/road-warrior/prod/trips-api");
    for (const action of ["ecr:DeleteRepository", "ecr:DeleteLifecyclePolicy", "ecr:DeleteRepositoryPolicy", "ecr:SetRepositoryPolicy"])
      deny({ action, resource: repository });
    for (const action of ["ecr:CreateRepository", "ecr:PutLifecyclePolicy"]) allow({ action, resource: repository });
  });

  test("the cluster is never deleted, and only the environment's admin and node roles get into it", () => {
    const eks = arn("prod", "eks", "cluster/road-warrior-prod");
    deny({ action: "eks:DeleteCluster", resource: eks });
    deny({ action: "eks:CreateAccessEntry", resource: eks, context: { "eks:principalArn": "arn:aws:iam::999999999999:role/attacker" } });
    deny({
      action: "eks:CreateAccessEntry",
      resource: eks,
      context: { "eks:principalArn": `arn:aws:iam::${acct}:role/road-warrior-prod.trips-api` },
    });
    const entries = Object.values(resourcesOf(app["prod-cluster"], "aws_eks_access_entry") as Record<string, Json>);
    const known = entries.map((e) => String(e.principal_arn)).filter((p) => p.startsWith("arn:"));
    // The built-in prod file names its administrators (the admin role and the deploy role itself) and runs Karpenter.
    expect(known).toHaveLength(builtIn("prod").cluster.adminRoleArns.length);
    expect(known.length).toBeGreaterThan(0);
    const nodeRole = `arn:aws:iam::${acct}:role/road-warrior-prod.karpenter-nodes`;
    // The managed node group's role, as the cluster stack names it (NodeRole), may get its access entry too.
    const nodeRoles = Object.values(resourcesOf(app["prod-cluster"], "aws_iam_role") as Record<string, Json>)
      .map((r) => String(r.name))
      .filter((n) => n.endsWith(".nodes"));
    expect(nodeRoles).toEqual(["road-warrior-prod.nodes"]);
    const managed = nodeRoles.map((n) => `arn:aws:iam::${acct}:role/${n}`);
    for (const principal of [...known, ...managed, ...(builtIn("prod").cluster.karpenter ? [nodeRole] : [])])
      allow({ action: "eks:CreateAccessEntry", resource: eks, context: { "eks:principalArn": principal } });
  });
});
