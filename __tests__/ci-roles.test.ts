import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Testing, TerraformStack } from "cdktf";
import { DEPLOY_SESSION_SECONDS, GithubCiRoles, STACK_MANAGED_POLICIES } from "../src/constructs/ci/github-ci-roles";
import { PLAN_READ_ACTIONS } from "../src/constructs/ci/plan-read-actions";
import { WAF_REDACTED_HEADERS } from "../src/constructs/edge/web-acl";
import { checkEnvironment } from "../src/config/rules";
import { builtIn } from "./support/environments";
import { builtInStacks, resourcesOf, synthApp, synthOf } from "./support/stacks";
import { applies, decide, managedPolicyStatements, Request, resolveTokens, Statement, toIamDocument } from "./support/iam-policy";

type Json = Record<string, any>;
const ACCOUNT = "222222222222";
const REPO = "road-warrior/road-warrior-infra";
const iam = (kind: string, name: string) => `arn:aws:iam::${ACCOUNT}:${kind}/${name}`;
const BOUNDARY = iam("policy", "road-warrior-prod-ci-boundary");
const STATE_BUCKET = "arn:aws:s3:::road-warrior-tfstate-222222222222";
const STATE_KEY = `arn:aws:kms:eu-central-1:${ACCOUNT}:key/state`;

/** The CI roles of a production environment, synthesized on their own. */
function synthRoles(production: boolean): Json {
  const stack = new TerraformStack(Testing.app(), "ci");
  new AwsProvider(stack, "aws", { region: "eu-central-1" });
  new GithubCiRoles(stack, "Roles", {
    environment: { accountId: ACCOUNT, region: "eu-central-1", partition: "aws" },
    oidcProviderArn: `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`,
    repository: REPO,
    githubEnvironment: "prod",
    branch: "main",
    project: "road-warrior",
    environmentName: "prod",
    production,
    state: { bucketArn: STATE_BUCKET, keyArn: STATE_KEY, keyAlias: "road-warrior-tfstate-222222222222-state" },
    instanceProfileRoleNames: ["road-warrior-prod.karpenter-nodes"],
  });
  return synthOf(stack).json;
}

const json = synthRoles(true);
const doc = (name: string): Statement[] => {
  const entry = Object.entries(json.data.aws_iam_policy_document).find(([k]) => k.startsWith(`Roles_${name}_`));
  if (!entry) throw new Error(`no policy document Roles_${name}`);
  return (entry[1] as Json).statement;
};
const role = (purpose: string): Json =>
  Object.entries(resourcesOf(json, "aws_iam_role")).find(([k]) => k.startsWith(`Roles_${purpose}Role`))![1];

// The deploy role: its inline policy and its generated managed policies (deploy-role.test.ts walks each path of them).
const deploy = [...doc("DeployPermissions"), ...managedPolicyStatements(json, "Roles_DeployManaged")];
const boundary = doc("BoundaryDocument");
const plan = doc("PlanPermissions");
const deployMay = (request: Request) => decide(request, deploy);
const withBoundary = { "iam:PermissionsBoundary": BOUNDARY };

describe("deploy role: every escalation path of the review is impossible by policy", () => {
  test("attached policies: only its own generated managed policies (no AWS-managed policy) beside its inline policy", () => {
    const attached = Object.values(resourcesOf(json, "aws_iam_role_policy_attachment")).map((a: any) => a.policy_arn);
    expect(attached.length).toBeGreaterThan(0);
    for (const arn of attached) expect(arn).toMatch(/^\$\{aws_iam_policy\.Roles_DeployManaged\d+_[0-9A-F]+\.arn\}$/);
  });

  test("path 1: it cannot create a role without the boundary, in any name", () => {
    for (const name of ["road-warrior-prod.escalate", "road-warrior-prod-escalate", "anything"]) {
      expect(deployMay({ action: "iam:CreateRole", resource: iam("role", name) })).toBe("explicit deny");
    }
  });

  test("path 1: it can create a role only in the stacks' own names and only with the boundary", () => {
    expect(deployMay({ action: "iam:CreateRole", resource: iam("role", "road-warrior-prod.nodes"), context: withBoundary })).toBe(
      "allowed",
    );
    expect(deployMay({ action: "iam:CreateRole", resource: iam("role", "road-warrior-prod-escalate"), context: withBoundary })).toBe(
      "explicit deny",
    );
    expect(
      deployMay({
        action: "iam:CreateRole",
        resource: iam("role", "road-warrior-prod.nodes"),
        context: { "iam:PermissionsBoundary": iam("policy", "road-warrior-prod.open") },
      }),
    ).toBe("explicit deny");
  });

  test("path 1: an inline or attached policy goes only on a role that carries the boundary", () => {
    const policy = { "iam:PolicyARN": iam("policy", "road-warrior-prod.nodes-extra") };
    for (const action of ["iam:PutRolePolicy", "iam:AttachRolePolicy"]) {
      expect(deployMay({ action, resource: iam("role", "road-warrior-prod.nodes"), context: policy })).toBe("explicit deny");
      expect(deployMay({ action, resource: iam("role", "road-warrior-prod.nodes"), context: { ...withBoundary, ...policy } })).toBe(
        "allowed",
      );
    }
  });

  test("path 1: it cannot assume the role it created, nor any other role of the environment", () => {
    for (const name of ["road-warrior-prod.nodes", "road-warrior-prod-admin", "road-warrior-prod-ci-plan", "road-warrior-prod-ci-deploy"]) {
      expect(deployMay({ action: "sts:AssumeRole", resource: iam("role", name) })).toBe("explicit deny");
    }
  });

  test("path 1: a role it created, even with Action * inline, changes no IAM, assumes no role, destroys no key", () => {
    const anything: Statement[] = [{ effect: "Allow", actions: ["*"], resources: ["*"] }];
    const created = (request: Request) => decide(request, anything, boundary);
    expect(created({ action: "iam:CreateRole", resource: iam("role", "x") })).toBe("explicit deny");
    expect(created({ action: "iam:PutRolePolicy", resource: iam("role", "road-warrior-prod.nodes") })).toBe("explicit deny");
    expect(created({ action: "iam:UpdateAssumeRolePolicy", resource: iam("role", "road-warrior-prod-admin") })).toBe("explicit deny");
    // It may pass only the Karpenter nodes' (equally bounded) role, to EC2 only: the boundary allows no other pass.
    expect(
      created({
        action: "iam:PassRole",
        resource: iam("role", "road-warrior-prod.nodes"),
        context: { "iam:PassedToService": "lambda.amazonaws.com" },
      }),
    ).not.toBe("allowed");
    expect(
      created({
        action: "iam:PassRole",
        resource: iam("role", "road-warrior-prod-admin"),
        context: { "iam:PassedToService": "ec2.amazonaws.com" },
      }),
    ).not.toBe("allowed");
    expect(
      created({
        action: "iam:PassRole",
        resource: iam("role", "road-warrior-prod-ci-deploy"),
        context: { "iam:PassedToService": "ec2.amazonaws.com" },
      }),
    ).not.toBe("allowed");
    expect(created({ action: "iam:CreateInstanceProfile", resource: iam("instance-profile", "road-warrior-prod.karpenter-nodes") })).toBe(
      "explicit deny",
    );
    expect(created({ action: "sts:AssumeRole", resource: iam("role", "road-warrior-prod-admin") })).toBe("explicit deny");
    expect(created({ action: "kms:ScheduleKeyDeletion", resource: STATE_KEY })).toBe("explicit deny");
    expect(created({ action: "kms:PutKeyPolicy", resource: STATE_KEY })).toBe("explicit deny");
    expect(created({ action: "s3:GetObject", resource: "arn:aws:s3:::bucket/key" })).toBe("allowed");
    // A new account has no ELB service-linked role: the cluster role and the controller create it on the first ALB.
    expect(
      created({
        action: "iam:CreateServiceLinkedRole",
        resource: iam("role", "aws-service-role/elasticloadbalancing.amazonaws.com/AWSServiceRoleForElasticLoadBalancing"),
      }),
    ).toBe("allowed");
  });

  test("path 2: it cannot rewrite the trust or the permissions of the human admin role (adminRoleArns)", () => {
    const admin = iam("role", "road-warrior-prod-admin");
    for (const action of [
      "iam:UpdateAssumeRolePolicy",
      "iam:PutRolePolicy",
      "iam:AttachRolePolicy",
      "iam:DeleteRolePermissionsBoundary",
      "iam:DeleteRole",
      "iam:TagRole",
    ]) {
      expect(deployMay({ action, resource: admin, context: withBoundary })).toBe("explicit deny");
    }
  });

  test("path 2: an admin role named like the stacks' roles is refused by validation", () => {
    const prod = builtIn("prod");
    const findings = checkEnvironment(
      { ...prod, cluster: { ...prod.cluster, adminRoleArns: [iam("role", "road-warrior-prod.admin")] } },
      "prod",
    );
    expect(findings).toContainEqual(
      expect.objectContaining({ path: "cluster.adminRoleArns[0]", rule: expect.stringMatching(/must not be named road-warrior-prod\.\*/) }),
    );
  });

  test("path 3: it passes its stacks' roles only to EKS, Pod Identity and flow logs, never to EC2, and passes no other role", () => {
    const nodes = iam("role", "road-warrior-prod.nodes");
    expect(deployMay({ action: "iam:PassRole", resource: nodes, context: { "iam:PassedToService": "ec2.amazonaws.com" } })).toBe(
      "implicit deny",
    );
    expect(deployMay({ action: "iam:PassRole", resource: nodes, context: { "iam:PassedToService": "eks.amazonaws.com" } })).toBe("allowed");
    expect(
      deployMay({
        action: "iam:PassRole",
        resource: iam("role", "road-warrior-prod-admin"),
        context: { "iam:PassedToService": "eks.amazonaws.com" },
      }),
    ).not.toBe("allowed");
  });

  test("Karpenter's nodes: it creates their instance profile and puts their role in it, and no other profile or role", () => {
    const profile = iam("instance-profile", "road-warrior-prod.karpenter-nodes");
    for (const action of [
      "iam:CreateInstanceProfile",
      "iam:AddRoleToInstanceProfile",
      "iam:RemoveRoleFromInstanceProfile",
      "iam:DeleteInstanceProfile",
      "iam:TagInstanceProfile",
    ]) {
      expect(deployMay({ action, resource: profile })).toBe("allowed");
      expect(deployMay({ action, resource: iam("instance-profile", "road-warrior-prod.nodes") })).not.toBe("allowed");
    }
    expect(deployMay({ action: "iam:PassRole", resource: iam("role", "road-warrior-prod.karpenter-nodes") })).toBe("allowed");
    expect(deployMay({ action: "iam:PassRole", resource: iam("role", "road-warrior-prod.trips-api") })).not.toBe("allowed");
  });

  test("the stack roles themselves, under the boundary, can do their jobs: Karpenter passes the nodes' role to EC2", () => {
    const karpenter: Statement[] = [
      {
        effect: "Allow",
        actions: ["iam:PassRole"],
        resources: [iam("role", "road-warrior-prod.karpenter-nodes")],
        condition: [{ test: "StringEquals", variable: "iam:PassedToService", values: ["ec2.amazonaws.com"] }],
      },
    ];
    expect(
      decide(
        {
          action: "iam:PassRole",
          resource: iam("role", "road-warrior-prod.karpenter-nodes"),
          context: { "iam:PassedToService": "ec2.amazonaws.com" },
        },
        karpenter,
        boundary,
      ),
    ).toBe("allowed");
  });

  test("path 4: it cannot schedule deletion of, disable, or lock a key", () => {
    const key = `arn:aws:kms:eu-central-1:${ACCOUNT}:key/data`;
    expect(deployMay({ action: "kms:ScheduleKeyDeletion", resource: key })).toBe("explicit deny");
    expect(deployMay({ action: "kms:DisableKey", resource: key })).toBe("explicit deny");
    expect(deployMay({ action: "kms:PutKeyPolicy", resource: key, context: { "kms:BypassPolicyLockoutSafetyCheck": "true" } })).toBe(
      "explicit deny",
    );
    expect(deployMay({ action: "kms:CreateKey", resource: "*", context: { "kms:BypassPolicyLockoutSafetyCheck": "true" } })).toBe(
      "explicit deny",
    );
  });

  test("the boundary itself: it cannot delete or change it, version it, or take it off a role", () => {
    for (const action of [
      "iam:DeletePolicy",
      "iam:CreatePolicyVersion",
      "iam:SetDefaultPolicyVersion",
      "iam:DeletePolicyVersion",
      "iam:TagPolicy",
    ]) {
      expect(deployMay({ action, resource: BOUNDARY })).toBe("explicit deny");
    }
    expect(deployMay({ action: "iam:DeleteRolePermissionsBoundary", resource: iam("role", "road-warrior-prod.nodes") })).toBe(
      "explicit deny",
    );
    expect(
      deployMay({
        action: "iam:PutRolePermissionsBoundary",
        resource: iam("role", "road-warrior-prod.nodes"),
        context: { "iam:PermissionsBoundary": iam("policy", "other") },
      }),
    ).toBe("explicit deny");
  });

  test("the CI roles themselves: it cannot change its own role or the plan role", () => {
    for (const name of ["road-warrior-prod-ci-deploy", "road-warrior-prod-ci-plan", "road-warrior-prod-ci-imagepush"]) {
      for (const action of [
        "iam:UpdateAssumeRolePolicy",
        "iam:PutRolePolicy",
        "iam:AttachRolePolicy",
        "iam:DeleteRolePermissionsBoundary",
        "iam:UpdateRole",
      ]) {
        expect(deployMay({ action, resource: iam("role", name), context: withBoundary })).toBe("explicit deny");
      }
    }
  });

  test("no users, groups or access keys", () => {
    expect(deployMay({ action: "iam:CreateUser", resource: iam("user", "road-warrior-prod.x") })).not.toBe("allowed");
    expect(deployMay({ action: "iam:CreateAccessKey", resource: iam("user", "someone") })).toBe("explicit deny");
  });

  test("it still does its job: manages the stacks' roles and policies, creates service-linked roles", () => {
    const nodes = iam("role", "road-warrior-prod.nodes");
    for (const action of ["iam:DeleteRole", "iam:UpdateAssumeRolePolicy", "iam:TagRole"])
      expect(deployMay({ action, resource: nodes })).toBe("allowed");
    expect(
      deployMay({
        action: "iam:DetachRolePolicy",
        resource: nodes,
        context: { "iam:PolicyARN": "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy" },
      }),
    ).toBe("allowed");
    expect(
      deployMay({
        action: "iam:CreateServiceLinkedRole",
        resource: iam("role", "aws-service-role/eks.amazonaws.com/AWSServiceRoleForAmazonEKS"),
      }),
    ).toBe("allowed");
    expect(deployMay({ action: "eks:CreateCluster", resource: `arn:aws:eks:eu-central-1:${ACCOUNT}:cluster/road-warrior-prod` })).toBe(
      "allowed",
    );
  });

  test("state: it cannot delete or weaken the state bucket or its key", () => {
    for (const action of ["s3:DeleteBucket", "s3:PutBucketPolicy", "s3:PutBucketVersioning", "s3:PutLifecycleConfiguration"]) {
      expect(deployMay({ action, resource: STATE_BUCKET })).toBe("explicit deny");
    }
    expect(deployMay({ action: "s3:DeleteObjectVersion", resource: `${STATE_BUCKET}/prod-data.tfstate` })).toBe("explicit deny");
    expect(deployMay({ action: "kms:PutKeyPolicy", resource: STATE_KEY })).toBe("explicit deny");
  });

  test("it attaches no AWS-managed admin policy to a stack role, boundary or not", () => {
    const nodes = iam("role", "road-warrior-prod.nodes");
    for (const policy of [
      "AdministratorAccess",
      "PowerUserAccess",
      "IAMFullAccess",
      "job-function/SystemAdministrator",
      "AmazonS3FullAccess",
    ]) {
      const context = { ...withBoundary, "iam:PolicyARN": `arn:aws:iam::aws:policy/${policy}` };
      expect(deployMay({ action: "iam:AttachRolePolicy", resource: nodes, context })).toBe("explicit deny");
    }
    expect(
      deployMay({
        action: "iam:AttachRolePolicy",
        resource: nodes,
        context: { ...withBoundary, "iam:PolicyARN": iam("policy", "someone-elses") },
      }),
    ).toBe("explicit deny");
    expect(
      deployMay({
        action: "iam:AttachRolePolicy",
        resource: nodes,
        context: { ...withBoundary, "iam:PolicyARN": iam("policy", "road-warrior-prod.extra") },
      }),
    ).toBe("allowed");
  });

  test("every managed policy the built-in stacks attach, the deploy role may attach (first deploy)", () => {
    const attachments = Object.entries(synthApp([builtIn("dev"), builtIn("prod")]))
      .filter(([name]) => !name.startsWith("bootstrap"))
      .flatMap(([, stack]) => Object.values(resourcesOf(stack, "aws_iam_role_policy_attachment")) as Json[]);
    expect(attachments.length).toBeGreaterThanOrEqual(8);
    for (const a of attachments) {
      const policyArn = String(a.policy_arn).replace(/\$\{data\.aws_partition\.[^}]+\}/, "aws");
      expect(policyArn).toMatch(/^arn:aws:iam::(aws|\d{12}):policy\//);
      const decision = deployMay({
        action: "iam:AttachRolePolicy",
        resource: iam("role", "road-warrior-prod.x"),
        context: { ...withBoundary, "iam:PolicyARN": policyArn },
      });
      expect([policyArn, decision]).toEqual([policyArn, "allowed"]);
    }
    // The list holds nothing the stacks do not attach (each entry is a reviewed exception).
    const attached = new Set(attachments.map((a) => String(a.policy_arn).replace(/^.*:policy\//, "")));
    expect(STACK_MANAGED_POLICIES.filter((p) => !attached.has(p))).toEqual([]);
  });

  test("the boundary carries the state protections and forbids a key created past the lockout check", () => {
    const anything: Statement[] = [{ effect: "Allow", actions: ["*"], resources: ["*"] }];
    const created = (request: Request) => decide(request, anything, boundary);
    for (const action of ["s3:DeleteBucket", "s3:PutBucketPolicy", "s3:PutBucketVersioning", "s3:PutLifecycleConfiguration"]) {
      expect(created({ action, resource: STATE_BUCKET })).toBe("explicit deny");
    }
    expect(created({ action: "s3:DeleteObjectVersion", resource: `${STATE_BUCKET}/prod-data.tfstate` })).toBe("explicit deny");
    for (const action of ["kms:ScheduleKeyDeletion", "kms:DisableKey", "kms:PutKeyPolicy"])
      expect(created({ action, resource: STATE_KEY })).toBe("explicit deny");
    // Stack roles create no keys at all: the boundary's allow-list has no kms:CreateKey, bypass or not.
    for (const bypass of ["true", "false"])
      expect(created({ action: "kms:CreateKey", resource: "*", context: { "kms:BypassPolicyLockoutSafetyCheck": bypass } })).not.toBe(
        "allowed",
      );
  });

  test("the Karpenter nodes' role goes into its instance profile and to EC2, to no other service", () => {
    const nodes = iam("role", "road-warrior-prod.karpenter-nodes");
    for (const service of ["lambda.amazonaws.com", "codebuild.amazonaws.com", "ecs-tasks.amazonaws.com"]) {
      expect(deployMay({ action: "iam:PassRole", resource: nodes, context: { "iam:PassedToService": service } })).not.toBe("allowed");
    }
    expect(deployMay({ action: "iam:PassRole", resource: nodes, context: { "iam:PassedToService": "ec2.amazonaws.com" } })).toBe("allowed");
    // AddRoleToInstanceProfile's PassRole check carries no service key.
    expect(deployMay({ action: "iam:PassRole", resource: nodes })).toBe("allowed");
  });

  test("no key policy edit (with or without the bypass), rotation off or direct grant, for the deploy or a stack role", () => {
    const anything: Statement[] = [{ effect: "Allow", actions: ["*"], resources: ["*"] }];
    const key = `arn:aws:kms:eu-central-1:${ACCOUNT}:key/data`;
    const stackRole = (r: Request) => decide(r, anything, boundary);
    for (const bypass of ["true", "false"]) {
      expect(stackRole({ action: "kms:PutKeyPolicy", resource: key, context: { "kms:BypassPolicyLockoutSafetyCheck": bypass } })).toBe(
        "explicit deny",
      );
      // Every key of the environment carries its alias (alias/<project>-<env>-<x>), the state key its own.
      for (const alias of [
        "alias/road-warrior-prod-data",
        "alias/road-warrior-prod-backup",
        "alias/road-warrior-tfstate-222222222222-state",
      ]) {
        const context = { "kms:BypassPolicyLockoutSafetyCheck": bypass, "kms:ResourceAliases": ["alias/other", alias] };
        expect(deployMay({ action: "kms:PutKeyPolicy", resource: key, context })).toBe("explicit deny");
      }
    }
    // CreateKey's lockout safety check asks whether the caller may PutKeyPolicy on the new key, which has no
    // alias yet: an outright deny would fail every first deploy with MalformedPolicyDocumentException.
    expect(
      deployMay({
        action: "kms:PutKeyPolicy",
        resource: key,
        context: { "kms:BypassPolicyLockoutSafetyCheck": "false", "kms:ResourceAliases": [] },
      }),
    ).toBe("allowed");
    for (const may of [deployMay, stackRole]) {
      expect(may({ action: "kms:DisableKeyRotation", resource: key })).toBe("explicit deny");
      expect(may({ action: "kms:CreateGrant", resource: key })).toBe("explicit deny");
      expect(may({ action: "kms:CreateGrant", resource: key, context: { "kms:GrantIsForAWSResource": "false" } })).toBe("explicit deny");
      // EKS, RDS, EBS and Backup create their grants on the caller's behalf (through the service): still allowed.
      const throughRds = { "kms:GrantIsForAWSResource": "true", "kms:ViaService": "rds.eu-central-1.amazonaws.com" };
      expect(may({ action: "kms:CreateGrant", resource: key, context: throughRds })).toBe("allowed");
    }
    // A first deploy creates keys (policy in CreateKey, no PutKeyPolicy) and turns rotation on; a stack role does neither.
    for (const [may, expected] of [
      [deployMay, "allowed"],
      [stackRole, "implicit deny"],
    ] as const) {
      expect(may({ action: "kms:CreateKey", resource: "*", context: { "kms:BypassPolicyLockoutSafetyCheck": "false" } })).toBe(expected);
      expect(may({ action: "kms:EnableKeyRotation", resource: key })).toBe(expected);
    }
  });

  test("the state key's alias cannot be created, repointed or deleted; the environment's aliases can be created", () => {
    const anything: Statement[] = [{ effect: "Allow", actions: ["*"], resources: ["*"] }];
    const stateAlias = `arn:aws:kms:eu-central-1:${ACCOUNT}:alias/road-warrior-tfstate-222222222222-state`;
    for (const may of [deployMay, (r: Request) => decide(r, anything, boundary)]) {
      for (const action of ["kms:CreateAlias", "kms:UpdateAlias", "kms:DeleteAlias"])
        expect(may({ action, resource: stateAlias })).toBe("explicit deny");
    }
    expect(deployMay({ action: "kms:CreateAlias", resource: `arn:aws:kms:eu-central-1:${ACCOUNT}:alias/road-warrior-prod-data` })).toBe(
      "allowed",
    );
    // An alias never leaves its key (that would lift the key-policy deny), in dev too: CI never deletes a key, so never moves its alias.
    for (const action of ["kms:UpdateAlias", "kms:DeleteAlias"]) {
      expect(deployMay({ action, resource: `arn:aws:kms:eu-central-1:${ACCOUNT}:alias/road-warrior-prod-data` })).toBe("explicit deny");
    }
    const devJson = synthRoles(false);
    const dev = [
      ...(Object.entries(devJson.data.aws_iam_policy_document).find(([k]) => k.startsWith("Roles_DeployPermissions_"))![1] as Json)
        .statement,
      ...managedPolicyStatements(devJson, "Roles_DeployManaged"),
    ];
    expect(decide({ action: "kms:DeleteAlias", resource: `arn:aws:kms:eu-central-1:${ACCOUNT}:alias/road-warrior-prod-data` }, dev)).toBe(
      "explicit deny",
    );
  });

  test("in production, no direct deletion of the database, snapshots, backups, buckets or object versions", () => {
    const denied: [string, string][] = [
      ["rds:DeleteDBCluster", `arn:aws:rds:eu-central-1:${ACCOUNT}:cluster:road-warrior-prod-aurora`],
      ["rds:DeleteDBClusterSnapshot", `arn:aws:rds:eu-central-1:${ACCOUNT}:cluster-snapshot:rds:road-warrior-prod-aurora-2026-01-01`],
      ["backup:DeleteBackupVault", `arn:aws:backup:eu-central-1:${ACCOUNT}:backup-vault:road-warrior-prod-backup`],
      ["backup:DeleteBackupVaultLockConfiguration", `arn:aws:backup:eu-central-1:${ACCOUNT}:backup-vault:road-warrior-prod-backup`],
      ["backup:DeleteBackupPlan", `arn:aws:backup:eu-central-1:${ACCOUNT}:backup-plan:0123`],
      ["backup:DeleteBackupSelection", `arn:aws:backup:eu-central-1:${ACCOUNT}:backup-plan:0123`],
      ["backup:DeleteRecoveryPoint", `arn:aws:backup:eu-central-1:${ACCOUNT}:recovery-point:abc`],
      ["backup:UpdateRecoveryPointLifecycle", `arn:aws:backup:eu-central-1:${ACCOUNT}:recovery-point:abc`],
      ["s3:DeleteBucket", `arn:aws:s3:::road-warrior-prod-assets-${ACCOUNT}`],
      ["s3:DeleteObjectVersion", `arn:aws:s3:::road-warrior-prod-assets-${ACCOUNT}/photo.jpg`],
    ];
    for (const [action, resource] of denied) expect([action, deployMay({ action, resource })]).toEqual([action, "explicit deny"]);
    // What Terraform legitimately does in production stays allowed.
    expect(
      deployMay({ action: "rds:DeleteDBInstance", resource: `arn:aws:rds:eu-central-1:${ACCOUNT}:db:road-warrior-prod-aurora-2` }),
    ).toBe("allowed");
    expect(deployMay({ action: "s3:PutLifecycleConfiguration", resource: `arn:aws:s3:::road-warrior-prod-logs-${ACCOUNT}` })).toBe(
      "allowed",
    );
    expect(deployMay({ action: "backup:CreateBackupPlan", resource: "*" })).toBe("allowed");
    // Non-production keeps them (a dev environment is torn down).
    const devJson = synthRoles(false);
    const dev = [
      ...(Object.entries(devJson.data.aws_iam_policy_document).find(([k]) => k.startsWith("Roles_DeployPermissions_"))![1] as Json)
        .statement,
      ...managedPolicyStatements(devJson, "Roles_DeployManaged"),
    ];
    expect(decide({ action: "backup:DeleteBackupPlan", resource: `arn:aws:backup:eu-central-1:${ACCOUNT}:backup-plan:0123` }, dev)).toBe(
      "allowed",
    );
  });

  test("the deploy role's inline policy and the boundary fit IAM's limits (10,240 and 6,144 characters, whitespace not counted)", () => {
    const size = (statements: Statement[]) => toIamDocument(statements).length;
    // The longest names of the built-in environments, a key ARN with its 36-character id.
    expect(size(doc("DeployPermissions")) + 200).toBeLessThanOrEqual(10240);
    expect(size(boundary) + 200).toBeLessThanOrEqual(6144);
  });

  test("its session lasts three hours (a first production deploy)", () => {
    expect(role("Deploy").max_session_duration).toBe(DEPLOY_SESSION_SECONDS);
    expect(DEPLOY_SESSION_SECONDS).toBe(10800);
  });
});

describe("plan role: reads configuration, not data", () => {
  const planMay = (request: Request) => decide(request, plan);

  test("no managed policy (ReadOnlyAccess reads log events, objects and image layers)", () => {
    const attached = Object.values(resourcesOf(json, "aws_iam_role_policy_attachment")).map((a: any) => a.role);
    expect(attached.some((r: string) => r.includes("PlanRole"))).toBe(false);
  });

  test.each([
    ["logs:GetLogEvents", "*"],
    ["logs:FilterLogEvents", "*"],
    ["logs:StartQuery", "*"],
    ["logs:GetQueryResults", "*"],
    ["logs:GetLogRecord", "*"],
    ["s3:GetObject", "arn:aws:s3:::road-warrior-prod-assets-222222222222/photo.jpg"],
    ["s3:GetObjectVersion", `${STATE_BUCKET}/prod-data.tfstate`],
    ["ecr:BatchGetImage", "*"],
    ["ecr:GetDownloadUrlForLayer", "*"],
    ["secretsmanager:GetSecretValue", "*"],
    ["wafv2:GetSampledRequests", "*"],
    ["cognito-idp:ListUsers", "*"],
    ["cognito-idp:AdminGetUser", "*"],
    ["rds:DownloadDBLogFilePortion", "*"],
    ["cloudwatch:GetMetricData", "*"],
    ["ssm:GetParameter", `arn:aws:ssm:eu-central-1:${ACCOUNT}:parameter/road-warrior/prod/db-password`],
    ["kms:Decrypt", `arn:aws:kms:eu-central-1:${ACCOUNT}:key/data`],
  ])("may not %s on %s", (action, resource) => {
    expect(planMay({ action, resource })).not.toBe("allowed");
  });

  test("never writes or deletes a state lock or the state", () => {
    for (const action of ["s3:PutObject", "s3:DeleteObject"]) {
      expect(planMay({ action, resource: `${STATE_BUCKET}/prod-data.tfstate.tflock` })).not.toBe("allowed");
      expect(planMay({ action, resource: `${STATE_BUCKET}/prod-data.tfstate` })).not.toBe("allowed");
    }
  });

  test("never reads the apps state, a saved errored state or a saved plan, nor another environment's state", () => {
    for (const key of [
      "prod-apps.tfstate",
      "errored/prod-data/1-1.tfstate",
      "plans/prod/1-1-network-plan/prod-network.tfplan",
      "dev-data.tfstate",
      "bootstrap-111111111111.tfstate",
    ]) {
      expect([key, planMay({ action: "s3:GetObject", resource: `${STATE_BUCKET}/${key}` })]).toEqual([key, expect.stringMatching(/deny/)]);
    }
    // Its own AWS stacks and its account's bootstrap stack (pull requests plan it once its state is in the bucket).
    for (const key of ["prod-network.tfstate", "prod-data.tfstate", "prod-cluster.tfstate", "bootstrap-222222222222.tfstate"])
      expect(planMay({ action: "s3:GetObject", resource: `${STATE_BUCKET}/${key}` })).toBe("allowed");
  });

  test("reads the state and keeps saved plans, in the state bucket only", () => {
    expect(planMay({ action: "s3:GetObject", resource: `${STATE_BUCKET}/prod-data.tfstate` })).toBe("allowed");
    expect(planMay({ action: "s3:PutObject", resource: `${STATE_BUCKET}/plans/prod/1-1-network-plan/prod-network.tfplan` })).toBe(
      "allowed",
    );
    expect(planMay({ action: "kms:Decrypt", resource: STATE_KEY })).toBe("allowed");
  });

  test.each([
    "ec2:DescribeVpcs",
    "rds:DescribeDBClusters",
    "eks:DescribeCluster",
    "eks:DescribeAddon",
    "kms:GetKeyPolicy",
    "logs:DescribeLogGroups",
    "s3:GetBucketPolicy",
    "s3:GetLifecycleConfiguration",
    "ecr:DescribeRepositories",
    "secretsmanager:DescribeSecret",
    "iam:GetRole",
    "wafv2:GetLoggingConfiguration",
    "cognito-idp:DescribeUserPool",
    "route53:ListResourceRecordSets",
    "elasticloadbalancing:DescribeLoadBalancers",
  ])("reads the configuration the provider refreshes: %s", (action) => {
    expect(planMay({ action, resource: "*" })).toBe("allowed");
  });

  /**
   * One read call the provider makes to refresh each AWS type the stacks create or read. A type
   * missing here fails: add its read calls to PLAN_READ_ACTIONS (an AccessDenied on the first pull
   * request after the change is the alternative), then the type here.
   */
  const READ_OF_TYPE: Record<string, string> = {
    aws_acm_certificate: "acm:DescribeCertificate",
    aws_acm_certificate_validation: "acm:DescribeCertificate",
    aws_backup_plan: "backup:GetBackupPlan",
    aws_backup_selection: "backup:GetBackupSelection",
    aws_backup_vault: "backup:DescribeBackupVault",
    aws_backup_vault_lock_configuration: "backup:DescribeBackupVault",
    aws_backup_vault_policy: "backup:GetBackupVaultAccessPolicy",
    aws_chatbot_slack_channel_configuration: "chatbot:DescribeSlackChannelConfigurations",
    aws_cloudwatch_composite_alarm: "cloudwatch:DescribeAlarms",
    aws_cloudwatch_dashboard: "cloudwatch:GetDashboard",
    aws_cloudwatch_event_rule: "events:DescribeRule",
    aws_cloudwatch_event_target: "events:ListTargetsByRule",
    aws_cloudwatch_log_group: "logs:DescribeLogGroups",
    aws_cloudwatch_log_metric_filter: "logs:DescribeMetricFilters",
    aws_cloudwatch_metric_alarm: "cloudwatch:DescribeAlarms",
    aws_codebuild_project: "codebuild:BatchGetProjects",
    aws_codebuild_webhook: "codebuild:BatchGetProjects",
    aws_codeconnections_connection: "codeconnections:GetConnection",
    aws_db_subnet_group: "rds:DescribeDBSubnetGroups",
    aws_default_security_group: "ec2:DescribeSecurityGroups",
    aws_ecr_lifecycle_policy: "ecr:GetLifecyclePolicy",
    aws_ecr_pull_through_cache_rule: "ecr:DescribePullThroughCacheRules",
    aws_ecr_repository: "ecr:DescribeRepositories",
    aws_eip: "ec2:DescribeAddresses",
    aws_eks_access_entry: "eks:DescribeAccessEntry",
    aws_eks_access_policy_association: "eks:ListAssociatedAccessPolicies",
    aws_eks_addon: "eks:DescribeAddon",
    aws_eks_cluster: "eks:DescribeCluster",
    aws_eks_node_group: "eks:DescribeNodegroup",
    aws_eks_pod_identity_association: "eks:DescribePodIdentityAssociation",
    aws_elb_service_account: "sts:GetCallerIdentity",
    aws_flow_log: "ec2:DescribeFlowLogs",
    aws_iam_instance_profile: "iam:GetInstanceProfile",
    aws_iam_openid_connect_provider: "iam:GetOpenIDConnectProvider",
    aws_iam_policy: "iam:GetPolicyVersion",
    aws_iam_policy_document: "sts:GetCallerIdentity",
    aws_iam_role: "iam:GetRole",
    aws_iam_role_policy: "iam:GetRolePolicy",
    aws_iam_role_policy_attachment: "iam:ListAttachedRolePolicies",
    aws_instance: "ec2:DescribeInstances",
    aws_internet_gateway: "ec2:DescribeInternetGateways",
    aws_kms_alias: "kms:ListAliases",
    aws_kms_key: "kms:GetKeyPolicy",
    aws_launch_template: "ec2:DescribeLaunchTemplateVersions",
    aws_lb: "elasticloadbalancing:DescribeLoadBalancers",
    aws_lb_target_group: "elasticloadbalancing:DescribeTargetGroups",
    aws_nat_gateway: "ec2:DescribeNatGateways",
    aws_network_interface: "ec2:DescribeNetworkInterfaces",
    aws_partition: "sts:GetCallerIdentity",
    aws_rds_cluster: "rds:DescribeDBClusters",
    aws_rds_cluster_instance: "rds:DescribeDBInstances",
    aws_rds_cluster_parameter_group: "rds:DescribeDBClusterParameters",
    aws_route: "ec2:DescribeRouteTables",
    aws_route53_record: "route53:ListResourceRecordSets",
    aws_route_table: "ec2:DescribeRouteTables",
    aws_route_table_association: "ec2:DescribeRouteTables",
    aws_s3_bucket: "s3:GetBucketTagging",
    aws_s3_bucket_lifecycle_configuration: "s3:GetLifecycleConfiguration",
    aws_s3_bucket_logging: "s3:GetBucketLogging",
    aws_s3_bucket_ownership_controls: "s3:GetBucketOwnershipControls",
    aws_s3_bucket_policy: "s3:GetBucketPolicy",
    aws_s3_bucket_public_access_block: "s3:GetBucketPublicAccessBlock",
    aws_s3_bucket_server_side_encryption_configuration: "s3:GetEncryptionConfiguration",
    aws_s3_bucket_versioning: "s3:GetBucketVersioning",
    aws_secretsmanager_secret: "secretsmanager:DescribeSecret",
    aws_security_group: "ec2:DescribeSecurityGroups",
    aws_sns_topic: "sns:GetTopicAttributes",
    aws_sns_topic_policy: "sns:GetTopicAttributes",
    aws_sns_topic_subscription: "sns:GetSubscriptionAttributes",
    aws_sqs_queue: "sqs:GetQueueAttributes",
    aws_sqs_queue_policy: "sqs:GetQueueAttributes",
    aws_ssm_parameter: "ssm:DescribeParameters",
    aws_subnet: "ec2:DescribeSubnets",
    aws_synthetics_canary: "synthetics:GetCanary",
    aws_vpc: "ec2:DescribeVpcs",
    aws_vpc_endpoint: "ec2:DescribeVpcEndpoints",
    aws_vpc_security_group_egress_rule: "ec2:DescribeSecurityGroupRules",
    aws_vpc_security_group_ingress_rule: "ec2:DescribeSecurityGroupRules",
    aws_wafv2_web_acl: "wafv2:GetWebACL",
    aws_wafv2_web_acl_logging_configuration: "wafv2:GetLoggingConfiguration",
  };

  test("every AWS type the built-in environments' stacks create or read has its read call (a new type must add one)", () => {
    const types = new Set<string>();
    for (const stack of Object.values(synthApp([builtIn("dev"), builtIn("prod")]))) {
      for (const block of [stack.resource ?? {}, stack.data ?? {}])
        for (const type of Object.keys(block)) if (type.startsWith("aws_")) types.add(type);
    }
    const missing = [...types].filter((type) => !(type in READ_OF_TYPE));
    expect(missing).toEqual([]);
    const denied = [...types].filter((type) => planMay({ action: READ_OF_TYPE[type], resource: "*" }) !== "allowed");
    expect(denied).toEqual([]);
  });

  test("no read action of its list is a wildcard that reaches data", () => {
    const data = [
      "logs:GetLogEvents",
      "logs:FilterLogEvents",
      "s3:GetObject",
      "ecr:BatchGetImage",
      "ecr:GetDownloadUrlForLayer",
      "secretsmanager:GetSecretValue",
      "wafv2:GetSampledRequests",
      "cognito-idp:ListUsers",
    ];
    const reaching = PLAN_READ_ACTIONS.filter((pattern) =>
      data.some((a) => applies({ actions: [pattern], resources: ["*"] }, { action: a, resource: "*" })),
    );
    expect(reaching).toEqual([]);
  });
});

describe("trust: pinned to the workflow file and the ref, with the OIDC subject template of docs/ci.md", () => {
  const subjects = (purpose: string, j: Json = json) =>
    (Object.entries(j.data.aws_iam_policy_document).find(([k]) => k.startsWith(`Roles_${purpose}Trust_`))![1] as Json).statement.map(
      (s: Json) => {
        const aud = s.condition.find((c: Json) => c.variable.endsWith(":aud"));
        expect(aud).toEqual({ test: "StringEquals", variable: "token.actions.githubusercontent.com:aud", values: ["sts.amazonaws.com"] });
        const sub = s.condition.find((c: Json) => c.variable.endsWith(":sub"));
        return [sub.test, ...sub.values];
      },
    );

  test("deploy: the GitHub environment's jobs of deploy-environment.yml on main, nothing else", () => {
    expect(subjects("Deploy")).toEqual([
      ["StringEquals", `repo:${REPO}:environment:prod:job_workflow_ref:${REPO}/.github/workflows/deploy-environment.yml@refs/heads/main`],
    ]);
  });

  test("plan (production): deploy-environment.yml and drift.yml on main, pull requests only in the protected prod-plan environment", () => {
    expect(subjects("Plan")).toEqual([
      [
        "StringEquals",
        `repo:${REPO}:ref:refs/heads/main:job_workflow_ref:${REPO}/.github/workflows/deploy-environment.yml@refs/heads/main`,
        // The daily refresh-only plans; a run of drift.yml from any other branch is not trusted.
        `repo:${REPO}:ref:refs/heads/main:job_workflow_ref:${REPO}/.github/workflows/drift.yml@refs/heads/main`,
      ],
      ["StringLike", `repo:${REPO}:environment:prod-plan:job_workflow_ref:${REPO}/.github/workflows/pull-request.yml@refs/pull/*/merge`],
    ]);
  });

  test("plan (non-production): pull requests of the repository, through pull-request.yml", () => {
    expect(subjects("Plan", synthRoles(false))[1]).toEqual([
      "StringLike",
      `repo:${REPO}:pull_request:job_workflow_ref:${REPO}/.github/workflows/pull-request.yml@refs/pull/*/merge`,
    ]);
  });

  test("image push: workflow runs of main only", () => {
    expect(subjects("ImagePush")).toEqual([
      ["StringLike", `repo:${REPO}:ref:refs/heads/main:job_workflow_ref:${REPO}/.github/workflows/*@refs/heads/main`],
    ]);
  });
});

describe("the environment stacks: roles under the boundary, keys no CI credential can destroy", () => {
  const stacks = builtInStacks();
  const envs = [
    ["dev", "111111111111", stacks.environments.dev],
    ["prod", "222222222222", stacks.environments.prod],
  ] as const;
  const partitionToken = { "\\$\\{data\\.aws_partition\\.partition\\.partition\\}": "aws" };

  test.each(envs)(
    "%s: every IAM role is named <project>-<env>.<component> and carries the boundary, so the deploy role can create it",
    (env, account, s) => {
      const envDeploy = (() => {
        const stack = new TerraformStack(Testing.app(), "ci");
        new AwsProvider(stack, "aws", { region: "eu-central-1" });
        new GithubCiRoles(stack, "Roles", {
          environment: { accountId: account, region: "eu-central-1", partition: "aws" },
          oidcProviderArn: "arn:aws:iam::1:oidc-provider/x",
          repository: REPO,
          githubEnvironment: env,
          branch: "main",
          project: "road-warrior",
          environmentName: env,
        });
        const j = synthOf(stack).json;
        return (Object.entries(j.data.aws_iam_policy_document).find(([k]) => k.startsWith("Roles_DeployPermissions_"))![1] as Json)
          .statement as Statement[];
      })();
      const roles = [s.network, s.data, s.cluster, s.apps].flatMap((stack) =>
        Object.values(resourcesOf(synthOf(stack).json, "aws_iam_role")),
      );
      expect(roles.length).toBeGreaterThanOrEqual(5);
      const boundaryArn = `arn:aws:iam::${account}:policy/road-warrior-${env}-ci-boundary`;
      for (const r of resolveTokens(roles, partitionToken)) {
        expect(r.name).toMatch(new RegExp(`^road-warrior-${env}\\.`));
        expect(r.permissions_boundary).toBe(boundaryArn);
        expect(
          decide(
            {
              action: "iam:CreateRole",
              resource: `arn:aws:iam::${account}:role/${r.name}`,
              context: { "iam:PermissionsBoundary": r.permissions_boundary },
            },
            envDeploy,
          ),
        ).toBe("allowed");
      }
    },
  );

  test.each(envs)(
    "%s: the data, backup vault, cluster and network keys deny deletion (but to non-production admins), disabling and a lockout bypass " +
      "to every CI role and the root, " +
      "any policy edit to CI and stack roles (and to all but break-glass when there is one), and keep the root statement",
    (env, account, s) => {
      const keys = [s.network, s.data, s.cluster].flatMap((stack) => {
        const j = synthOf(stack).json;
        return Object.values(resourcesOf(j, "aws_kms_key")).map((k: Json) => {
          const name = /data\.aws_iam_policy_document\.([^.]+)\.json/.exec(k.policy)![1];
          return resolveTokens(j.data.aws_iam_policy_document[name].statement as Statement[], partitionToken);
        });
      });
      expect(keys.length).toBeGreaterThanOrEqual(3);
      const breakGlass = builtIn(env).kms.breakGlassRoleArn;
      for (const statements of keys) {
        expect(statements).toContainEqual(expect.objectContaining({ sid: "AccountRootAdministers", actions: ["kms:*"] }));
        const denies = statements.filter((st) => st.effect === "Deny");
        const denied = (action: string, principal: string, context: Record<string, string> = {}) =>
          denies.some((st) => applies(st, { action, resource: "*", context: { "aws:PrincipalArn": principal, ...context } }));
        for (const principal of [
          `arn:aws:iam::${account}:role/road-warrior-${env}-ci-deploy`,
          `arn:aws:iam::${account}:role/road-warrior-${env}-ci-plan`,
          `arn:aws:iam::${account}:root`,
          `arn:aws:iam::${account}:role/road-warrior-${env}-admin`,
        ]) {
          // A non-production environment's administrators (not CI) may tear it down: teardown.test.ts.
          const teardown = builtIn(env).environmentType === "non-production" && principal.endsWith(`-${env}-admin`);
          expect(denied("kms:ScheduleKeyDeletion", principal)).toBe(!teardown);
          expect(denied("kms:DisableKey", principal)).toBe(true);
          expect(denied("kms:PutKeyPolicy", principal, { "kms:BypassPolicyLockoutSafetyCheck": "true" })).toBe(true);
          expect(denied("kms:Decrypt", principal)).toBe(false);
        }
        // Any policy edit: never a CI or stack role; with a break-glass role, only it; without one, the root and an admin still edit.
        for (const principal of [
          `arn:aws:iam::${account}:role/road-warrior-${env}-ci-plan`,
          `arn:aws:iam::${account}:role/road-warrior-${env}-ci-imagepush`,
          `arn:aws:iam::${account}:role/road-warrior-${env}.karpenter`,
        ]) {
          expect(denied("kms:PutKeyPolicy", principal, { "kms:BypassPolicyLockoutSafetyCheck": "false" })).toBe(true);
        }
        // The deploy role creates the key: the lockout safety check needs the key policy to let it edit; its own IAM
        // policy denies it any edit of a key carrying the environment's alias (the key-policy test above).
        expect(
          denied("kms:PutKeyPolicy", `arn:aws:iam::${account}:role/road-warrior-${env}-ci-deploy`, {
            "kms:BypassPolicyLockoutSafetyCheck": "false",
          }),
        ).toBe(false);
        for (const principal of [`arn:aws:iam::${account}:root`, `arn:aws:iam::${account}:role/road-warrior-${env}-admin`]) {
          expect(denied("kms:PutKeyPolicy", principal, { "kms:BypassPolicyLockoutSafetyCheck": "false" })).toBe(Boolean(breakGlass));
        }
        if (breakGlass) {
          expect(denied("kms:ScheduleKeyDeletion", breakGlass)).toBe(false);
          expect(denied("kms:PutKeyPolicy", breakGlass, { "kms:BypassPolicyLockoutSafetyCheck": "true" })).toBe(false);
          expect(denied("kms:PutKeyPolicy", breakGlass, { "kms:BypassPolicyLockoutSafetyCheck": "false" })).toBe(false);
        }
      }
    },
  );

  test("the backup vault key and the state keys carry the destruction guard too", () => {
    const guarded = (j: Json, alias: RegExp) => {
      const aliasEntry = Object.entries(resourcesOf(j, "aws_kms_alias")).find(([, a]) => alias.test((a as Json).name));
      expect(aliasEntry).toBeDefined();
      const keyName = /aws_kms_key\.([^.]+)\./.exec((aliasEntry![1] as Json).target_key_id)![1];
      const policyName = /data\.aws_iam_policy_document\.([^.]+)\.json/.exec(j.resource.aws_kms_key[keyName].policy)![1];
      return resolveTokens(j.data.aws_iam_policy_document[policyName].statement as Statement[], {
        "\\$\\{data\\.aws_partition\\.[^}]+\\}": "aws",
      }).filter((st) => st.effect === "Deny");
    };
    const denied = (denies: Statement[], action: string, principal: string, context: Record<string, string> = {}) =>
      denies.some((st) => applies(st, { action, resource: "*", context: { "aws:PrincipalArn": principal, ...context } }));
    const backup = guarded(synthOf(stacks.environments.prod.data).json, /^alias\/road-warrior-prod-backup$/);
    const breakGlass = builtIn("prod").kms.breakGlassRoleArn!;
    expect(denied(backup, "kms:ScheduleKeyDeletion", "arn:aws:iam::222222222222:role/road-warrior-prod-ci-deploy")).toBe(true);
    expect(denied(backup, "kms:PutKeyPolicy", "arn:aws:iam::222222222222:root")).toBe(true);
    expect(denied(backup, "kms:PutKeyPolicy", breakGlass)).toBe(false);
    for (const [account, env] of [
      ["111111111111", "dev"],
      ["222222222222", "prod"],
    ]) {
      const state = guarded(synthOf(stacks.bootstrap[account]).json, /-state$/);
      expect(denied(state, "kms:ScheduleKeyDeletion", `arn:aws:iam::${account}:role/road-warrior-${env}-ci-deploy`)).toBe(true);
      expect(denied(state, "kms:PutKeyPolicy", `arn:aws:iam::${account}:role/road-warrior-${env}-ci-deploy`)).toBe(true);
      // Without a break-glass role (dev's account), the root still edits the state key's policy: no lockout.
      expect(denied(state, "kms:PutKeyPolicy", `arn:aws:iam::${account}:root`)).toBe(env === "prod");
    }
  });

  test("production names a break-glass role; without one, production is refused", () => {
    expect(builtIn("prod").kms.breakGlassRoleArn).toMatch(/^arn:aws:iam::222222222222:role\//);
    const prod = builtIn("prod");
    expect(checkEnvironment({ ...prod, kms: { ...prod.kms, breakGlassRoleArn: undefined } }, "prod")).toContainEqual(
      expect.objectContaining({ path: "kms.breakGlassRoleArn", rule: expect.stringMatching(/is required in a production environment/) }),
    );
  });

  test("a break-glass role of another account is refused", () => {
    const prod = builtIn("prod");
    expect(
      checkEnvironment({ ...prod, kms: { ...prod.kms, breakGlassRoleArn: "arn:aws:iam::111111111111:role/x" } }, "prod"),
    ).toContainEqual(
      expect.objectContaining({
        path: "kms.breakGlassRoleArn",
        rule: expect.stringMatching(/must be a role of the environment's account \(222222222222\)/),
      }),
    );
  });

  test("Pod Identity roles trust one cluster by its ARN, not only by name", () => {
    const j = synthOf(stacks.environments.prod.data).json;
    const trusts = Object.entries(j.data.aws_iam_policy_document).filter(([k]) => /ServiceRole-.*_Trust_/.test(k));
    expect(trusts.length).toBeGreaterThan(0);
    for (const [, t] of trusts) {
      expect((t as Json).statement[0].condition).toContainEqual({
        test: "StringEquals",
        variable: "aws:RequestTag/eks-cluster-arn",
        values: ["arn:${data.aws_partition.partition.partition}:eks:eu-central-1:222222222222:cluster/road-warrior-prod"],
      });
    }
  });

  test("WAF logging redacts the authorization and cookie headers", () => {
    const j = synthOf(stacks.environments.prod.cluster).json;
    const logging = Object.values(resourcesOf(j, "aws_wafv2_web_acl_logging_configuration"));
    expect(logging).toHaveLength(1);
    expect((logging[0] as Json).redacted_fields).toEqual(WAF_REDACTED_HEADERS.map((name) => ({ single_header: { name } })));
    expect(WAF_REDACTED_HEADERS).toEqual(["authorization", "cookie"]);
  });
});

describe("the CodeBuild runner of the apps jobs and the CI roles (built-in prod)", () => {
  const app = synthApp([builtIn("prod")]);
  const bootstrap = app["bootstrap-222222222222"];
  const cluster = app["prod-cluster"];
  // The stacks read the partition from the provider: resolved to `aws` here, so ARNs compare.
  const partition = { "\\$\\{data\\.aws_partition\\.[\\w-]+\\.partition\\}": "aws" };
  const statementsOf = (stack: Json, prefix: string): Statement[] =>
    resolveTokens(
      (Object.entries(stack.data.aws_iam_policy_document).find(([k]) => k.startsWith(prefix))![1] as Json).statement,
      partition,
    );
  const runnerRole = resolveTokens(
    Object.entries(cluster.resource.aws_iam_role as Record<string, Json>).find(([k]) => k.startsWith("AppsRunner_"))![1],
    partition,
  );
  const runnerRoleArn = iam("role", runnerRole.name);
  const deployRole = [
    ...statementsOf(bootstrap, "CiRoles-prod_DeployPermissions_"),
    ...managedPolicyStatements(bootstrap, "CiRoles-prod_DeployManaged", partition),
  ];

  test("the deploy role passes the runner's role (the name the cluster stack gives it) to CodeBuild, and to nothing else", () => {
    expect(runnerRole.name).toBe("road-warrior-prod.apps-runner");
    const pass = (resource: string, service: string) =>
      decide({ action: "iam:PassRole", resource, context: { "iam:PassedToService": service } }, deployRole);
    expect(pass(runnerRoleArn, "codebuild.amazonaws.com")).toBe("allowed");
    for (const service of ["ec2.amazonaws.com", "lambda.amazonaws.com", "ecs-tasks.amazonaws.com"])
      expect([service, pass(runnerRoleArn, service)]).toEqual([service, "implicit deny"]);
    // No other stack role reaches CodeBuild: a build would hand its credentials to whatever the build runs.
    for (const other of ["road-warrior-prod.nodes", "road-warrior-prod.karpenter", "road-warrior-prod.lb-controller"])
      expect([other, pass(iam("role", other), "codebuild.amazonaws.com")]).toEqual([other, "implicit deny"]);
  });

  test("the runner's role carries the permissions boundary, and every action it is granted fits inside it", () => {
    expect(runnerRole.permissions_boundary).toBe(BOUNDARY);
    const boundaryStatements = statementsOf(bootstrap, "CiRoles-prod_BoundaryDocument_");
    const granted = statementsOf(cluster, "AppsRunner_Permissions_");
    const actions = granted.flatMap((g) => g.actions ?? []);
    expect(actions.length).toBeGreaterThan(5);
    for (const action of actions)
      expect([
        action,
        decide(
          { action, resource: "arn:aws:logs:eu-central-1:222222222222:log-group:x" },
          [{ actions: [action], resources: ["*"] }],
          boundaryStatements,
        ),
      ]).toEqual([action, "allowed"]);
  });

  test("the account's GitHub connection: one, in bootstrap, its ARN an output; only when an environment uses the runner", () => {
    expect(Object.values(bootstrap.resource.aws_codeconnections_connection as Record<string, Json>)).toEqual([
      expect.objectContaining({ name: "road-warrior-github", provider_type: "GitHub" }),
    ]);
    expect(bootstrap.output["github-connection"].value).toMatch(
      /^\$\{aws_codeconnections_connection\.GithubConnection-222222222222\.arn\}$/,
    );
    const prod = builtIn("prod");
    const own = synthApp([{ ...prod, ci: { ...prod.ci!, appsRunnerLabel: "team-runner" } }])["bootstrap-222222222222"];
    expect(own.resource.aws_codeconnections_connection).toBeUndefined();
    expect(own.output["github-connection"]).toBeUndefined();
  });

  test("the plan role reads the runner and the connection (configuration only)", () => {
    for (const action of ["codebuild:BatchGetProjects", "codeconnections:GetConnection", "codeconnections:ListTagsForResource"])
      expect(decide({ action, resource: "*" }, plan)).toBe("allowed");
    for (const action of ["codeconnections:GetConnectionToken", "codeconnections:UseConnection", "codebuild:StartBuild"])
      expect(decide({ action, resource: "*" }, plan)).toBe("implicit deny");
  });
});

describe("validation: the apps runner", () => {
  test("a private endpoint with ci needs no runner label: the cluster stack creates the CodeBuild runner", () => {
    const dev = builtIn("dev");
    expect(dev.cluster.endpointPublicAccessCidrs).toEqual([]);
    expect(checkEnvironment({ ...dev, ci: { ...dev.ci!, appsRunnerLabel: undefined } }, "dev")).toEqual([]);
    expect(checkEnvironment({ ...dev, ci: undefined }, "dev").filter((f) => f.path.startsWith("ci."))).toEqual([]);
  });
});
