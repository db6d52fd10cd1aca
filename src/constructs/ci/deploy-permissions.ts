import { CiPolicyContext, CiStateResources } from "./ci-policy-context";
import { productionDeployDenies } from "./production-deploy-denies";
import { RESOURCE_PERMISSIONS, Scope } from "./resource-permissions";

/**
 * The deploy role's permissions, generated from the per-type table (resource-permissions.ts): one
 * statement of every read, one statement per {@link Scope} of the writes on the environment's own
 * names, the state, and the commands of the deploy jobs; then the guards no allow of the table may
 * lift. Packed into customer-managed policies of at most {@link MANAGED_POLICY_LIMIT} characters
 * each (IAM counts the policy without whitespace), at most {@link MAX_DEPLOY_POLICIES} of them.
 * No statement allows `Action: *`, and none allows a service wildcard.
 */

/** IAM's limit of a managed policy's document, whitespace excluded. */
export const MANAGED_POLICY_LIMIT = 6144;

/** Managed policies a role may carry (IAM's default quota); the deploy role has no other attachment. */
export const MAX_DEPLOY_POLICIES = 10;

/**
 * The longest partition name: a policy is measured with it in place of the partition token, so it
 * fits in every partition (the synthesized JSON carries `${data.aws_partition...}` until apply).
 */
export const LONGEST_PARTITION = "aws-us-gov";

export interface IamCondition {
  readonly [test: string]: { readonly [key: string]: string | readonly string[] };
}

/** A statement of an IAM policy document, as IAM reads it. */
export interface IamStatement {
  readonly Sid: string;
  readonly Effect: "Allow" | "Deny";
  readonly Action: readonly string[];
  readonly Resource: readonly string[];
  readonly Condition?: IamCondition;
}

export interface IamDocument {
  readonly Version: "2012-10-17";
  readonly Statement: readonly IamStatement[];
}

export interface DeployPermissionsInput extends CiPolicyContext {
  /** A production environment: the production guards apply. */
  readonly production: boolean;
  /** The state bucket and its key. @default - no state statements */
  readonly state?: CiStateResources;
  /**
   * The cluster's administrator roles (`cluster.adminRoleArns`): in production, the only new cluster access
   * entries beside the node roles. @default - none
   */
  readonly clusterAdminRoleArns?: readonly string[];
  /** Stack roles that get a cluster access entry of their own (Karpenter's nodes). @default - none */
  readonly nodeRoleNames?: readonly string[];
}

/**
 * Calls of the deploy jobs' own commands, beside Terraform's (all reads): the preflight of the apps
 * stage and the image check (src/preflight/), with the deploy role's credentials.
 */
export const DEPLOY_TOOL_READS = [
  "sts:GetCallerIdentity",
  "iam:SimulatePrincipalPolicy",
  "servicequotas:GetServiceQuota",
  "servicequotas:GetAWSDefaultServiceQuota",
  "codestar-connections:GetConnection",
  "codeconnections:GetConnection",
  "ecr:DescribeImages",
  "route53:GetHostedZone",
] as const;

/** Services that use the environment's keys with the deploy role's rights while it creates their resources. */
const KEY_USING_SERVICES = ["rds", "secretsmanager", "eks", "ecr", "backup"];

/**
 * The ARN patterns (and conditions) of a scope: the environment's own names, `<project>-<env>-*` or
 * `<project>/<env>/*`, where the service authorizes by name.
 */
export function scopeArns(
  scope: Exclude<Scope, "stackIam">,
  input: DeployPermissionsInput,
): { resources: string[]; condition?: IamCondition } {
  const { partition: p, region, accountId } = input;
  const prefix = `${input.project}-${input.environmentName}`;
  const path = `${input.project}/${input.environmentName}`;
  const arn = (service: string, resource: string) => `arn:${p}:${service}:${region}:${accountId}:${resource}`;
  switch (scope) {
    case "any":
      return { resources: ["*"] };
    case "buckets":
      return { resources: [`arn:${p}:s3:::${prefix}-*`] };
    case "database":
      // Cluster, instances, subnet group, parameter group, final snapshot: all named <prefix>-*; instances
      // without their own parameter or option group are checked against the engine's defaults.
      return { resources: [arn("rds", `*:${prefix}-*`), arn("rds", "pg:default.*"), arn("rds", "og:default:*")] };
    case "logGroups":
      return {
        resources: [
          arn("logs", `log-group:/aws/eks/${prefix}/*`),
          arn("logs", `log-group:/aws/containerinsights/${prefix}/*`),
          arn("logs", `log-group:/aws/rds/cluster/${prefix}-*`),
          arn("logs", `log-group:/${path}/*`),
          arn("logs", `log-group:aws-waf-logs-${prefix}-*`),
        ],
      };
    case "repositories":
      return { resources: [arn("ecr", `repository/${path}/*`)] };
    case "secrets":
      return { resources: [arn("secretsmanager", `secret:${path}/*`)] };
    case "topics":
      return { resources: [arn("sns", `${prefix}-*`)] };
    case "queues":
      return { resources: [arn("sqs", `${prefix}-*`)] };
    case "eventRules":
      return { resources: [arn("events", `rule/${prefix}-*`)] };
    case "buildProjects":
      return { resources: [arn("codebuild", `project/${prefix}-*`)] };
    case "backupVaults":
      return { resources: [arn("backup", `backup-vault:${prefix}-*`)] };
    case "cluster":
      return {
        resources: [
          arn("eks", `cluster/${prefix}`),
          ...["nodegroup", "addon", "access-entry", "podidentityassociation"].map((kind) => arn("eks", `${kind}/${prefix}/*`)),
        ],
      };
    case "alarms":
      return { resources: [arn("cloudwatch", `alarm:${prefix}-*`)] };
    case "dashboards":
      return { resources: [`arn:${p}:cloudwatch::${accountId}:dashboard/${prefix}*`] };
    case "databaseSecret":
      return { resources: [arn("secretsmanager", "secret:rds!*")] };
    case "canaries": {
      // Naming.canary: `<env>-<service>` cut to 16 characters, then a hash; Synthetics names its function and layer `cwsyn-<canary>-…`.
      const canary = `${input.environmentName.slice(0, 16)}*`;
      return {
        resources: [
          arn("synthetics", `canary:${canary}`),
          arn("lambda", `function:cwsyn-${canary}`),
          arn("lambda", `layer:cwsyn-${canary}`),
        ],
      };
    }
    case "parameters":
      return { resources: [arn("ssm", `parameter/${path}/*`)] };
    case "publicParameters":
      return { resources: [`arn:${p}:ssm:${region}::parameter/aws/service/*`] };
    case "keyAliases":
      // IAM checks an alias call on the alias and on the key it names (key ARNs are generated ids).
      return { resources: [arn("kms", `alias/${prefix}-*`), arn("kms", "key/*")] };
  }
}

const WRITE_SCOPES: readonly Exclude<Scope, "stackIam">[] = [
  "any",
  "buckets",
  "database",
  "logGroups",
  "repositories",
  "secrets",
  "topics",
  "queues",
  "eventRules",
  "buildProjects",
  "backupVaults",
  "cluster",
  "alarms",
  "dashboards",
  "keyAliases",
  "databaseSecret",
  "publicParameters",
  "parameters",
  "canaries",
];

const sorted = (actions: Iterable<string>) => [...new Set(actions)].sort();
const sid = (text: string) => text.replace(/(^|[^A-Za-z0-9])([a-z])/g, (_, __, c: string) => c.toUpperCase()).replace(/[^A-Za-z0-9]/g, "");

/** The KMS calls services make with the caller's rights (grants, the managed master secret's data key), only through those services. */
const KEYS_THROUGH_SERVICES = ["kms:CreateGrant", "kms:DescribeKey", "kms:Decrypt", "kms:GenerateDataKey"];

/** The allow statements of the deploy role: reads, the table's writes by scope, the state. */
export function deployAllowStatements(input: DeployPermissionsInput): IamStatement[] {
  const entries = Object.values(RESOURCE_PERMISSIONS).filter((e) => !e.bootstrapOnly);
  const reads = sorted([...entries.flatMap((e) => e.read), ...DEPLOY_TOOL_READS]);
  // Bucket reads go on the environment's buckets only: s3:ListBucket lists object names.
  const s3Reads = reads.filter((a) => a.startsWith("s3:"));
  const statements: IamStatement[] = [
    { Sid: "ReadConfiguration", Effect: "Allow", Action: reads.filter((a) => !a.startsWith("s3:")), Resource: ["*"] },
    { Sid: "ReadTheEnvironmentsBuckets", Effect: "Allow", Action: s3Reads, Resource: scopeArns("buckets", input).resources },
  ];
  for (const scope of WRITE_SCOPES) {
    let actions = sorted(entries.flatMap((e) => e.write[scope] ?? []));
    if (scope === "any") actions = actions.filter((a) => !KEYS_THROUGH_SERVICES.includes(a));
    if (actions.length === 0) continue;
    const { resources, condition } = scopeArns(scope, input);
    statements.push({
      Sid: sid(`write ${scope}`),
      Effect: "Allow",
      Action: actions,
      Resource: resources,
      ...(condition ? { Condition: condition } : {}),
    });
  }
  statements.push({
    Sid: "UseKeysOnlyThroughTheServices",
    Effect: "Allow",
    Action: sorted(entries.flatMap((e) => e.write.any ?? []).filter((a) => KEYS_THROUGH_SERVICES.includes(a))),
    Resource: ["*"],
    Condition: { StringEquals: { "kms:ViaService": KEY_USING_SERVICES.map((s) => `${s}.${input.region}.amazonaws.com`) } },
  });
  const state = input.state;
  if (state) {
    const env = input.environmentName;
    statements.push(
      { Sid: "ListTheState", Effect: "Allow", Action: ["s3:ListBucket"], Resource: [state.bucketArn] },
      // Its environment's states and their lock files, its saved plans (the apps plan), a failed apply's state.
      {
        Sid: "ReadAndWriteItsState",
        Effect: "Allow",
        Action: ["s3:GetObject", "s3:PutObject"],
        Resource: [`${state.bucketArn}/${env}-*`, `${state.bucketArn}/plans/${env}/*`, `${state.bucketArn}/errored/${env}-*`],
      },
      { Sid: "ReleaseItsLocks", Effect: "Allow", Action: ["s3:DeleteObject"], Resource: [`${state.bucketArn}/${env}-*.tflock`] },
      { Sid: "StateKey", Effect: "Allow", Action: ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"], Resource: [state.keyArn] },
    );
  }
  return statements;
}

/**
 * The guards of every environment no allow of the deploy role may lift (explicit denies win), and
 * in production those of the data Terraform never deletes:
 * - no secret value is ever read (a deploy reads none: the services' values are set outside
 *   Terraform, and the database's master secret is RDS's), nor the master secret's policy changed;
 * - no trail is stopped, deleted or narrowed; no image deleted (ECR's lifecycle policy expires
 *   images, not Terraform); no snapshot shared with another account;
 * - the state bucket and its logs bucket keep their logging, public access block, ownership and ACL;
 * - an alias of the environment's keys never moves or goes: the key policies' guard (no policy edit
 *   of a key carrying the environment's alias) rests on it. No CI path needs either call: a key is
 *   never deleted by CI (ScheduleKeyDeletion is denied), so its alias never has to move or go.
 * - production: the service secrets are never deleted (their values are in no backup) and the
 *   cluster's control-plane (audit) log group is never deleted.
 */
export function deployGuardStatements(input: DeployPermissionsInput): IamStatement[] {
  const { partition: p, accountId } = input;
  const prefix = `${input.project}-${input.environmentName}`;
  const path = `${input.project}/${input.environmentName}`;
  const arn = (service: string, resource: string) => `arn:${p}:${service}:*:${accountId}:${resource}`;
  const statements: IamStatement[] = [
    {
      Sid: "NeverReadASecretValue",
      Effect: "Deny",
      Action: ["secretsmanager:GetSecretValue", "secretsmanager:BatchGetSecretValue"],
      Resource: ["*"],
    },
    {
      Sid: "NeverTouchTheDatabaseMasterSecret",
      Effect: "Deny",
      Action: [
        "secretsmanager:PutResourcePolicy",
        "secretsmanager:DeleteResourcePolicy",
        "secretsmanager:PutSecretValue",
        "secretsmanager:UpdateSecret",
        "secretsmanager:DeleteSecret",
        "secretsmanager:RotateSecret",
        "secretsmanager:ReplicateSecretToRegions",
      ],
      Resource: [arn("secretsmanager", "secret:rds!*")],
    },
    {
      Sid: "NeverBlindTheTrail",
      Effect: "Deny",
      Action: ["cloudtrail:StopLogging", "cloudtrail:DeleteTrail", "cloudtrail:UpdateTrail", "cloudtrail:PutEventSelectors"],
      Resource: ["*"],
    },
    { Sid: "NeverDeleteImages", Effect: "Deny", Action: ["ecr:BatchDeleteImage"], Resource: ["*"] },
    {
      Sid: "NeverShareASnapshot",
      Effect: "Deny",
      Action: ["rds:ModifyDBClusterSnapshotAttribute", "rds:ModifyDBSnapshotAttribute"],
      Resource: ["*"],
    },
    {
      Sid: "NeverMoveOrDeleteTheKeyAliases",
      Effect: "Deny",
      Action: ["kms:UpdateAlias", "kms:DeleteAlias"],
      Resource: [arn("kms", `alias/${prefix}-*`)],
    },
  ];
  if (input.state) {
    const bucket = input.state.bucketArn;
    statements.push({
      Sid: "NeverExposeTheState",
      Effect: "Deny",
      Action: [
        "s3:PutBucketLogging",
        "s3:PutBucketPublicAccessBlock",
        "s3:PutBucketOwnershipControls",
        "s3:PutBucketAcl",
        "s3:PutObjectAcl",
      ],
      Resource: [bucket, `${bucket}/*`, `${bucket}-logs`, `${bucket}-logs/*`],
    });
  }
  if (input.production) {
    statements.push(
      {
        Sid: "ProductionNeverDeletesServiceSecrets",
        Effect: "Deny",
        Action: ["secretsmanager:DeleteSecret"],
        Resource: [arn("secretsmanager", `secret:${path}/*`)],
      },
      ...productionDeployDenies(input, {
        secrets: scopeArns("secrets", input).resources,
        logGroups: scopeArns("logGroups", input).resources,
        repositories: scopeArns("repositories", input).resources,
        cluster: scopeArns("cluster", input).resources.slice(0, 1),
        // The managed node group's role (`<project>-<env>.nodes`, the cluster stack's `naming.role("nodes")`): EKS creates
        // its access entry itself today; allowed beside the others so a node group that needs one stated still deploys.
        clusterPrincipals: [
          ...(input.clusterAdminRoleArns ?? []),
          ...[`${input.project}-${input.environmentName}.nodes`, ...(input.nodeRoleNames ?? [])].map(
            (name) => `arn:${p}:iam::${accountId}:role/${name}`,
          ),
        ],
      }),
    );
  }
  return statements;
}

/**
 * Room left in each policy for the references Terraform fills in at apply: the state key's ARN (a
 * 36-character key id) is longer than its `${aws_kms_key...arn}` reference, by up to 25 characters.
 */
export const REFERENCE_ALLOWANCE = 100;

/** The length IAM counts: the document without whitespace, with the longest partition in place of the partition token. */
export function policySize(document: IamDocument, partition: string): number {
  return JSON.stringify(document).split(partition).join(LONGEST_PARTITION).length;
}

/**
 * The deploy role's managed policy documents: its guards first, then its allows, packed in order
 * (a statement too long for one policy is split by its actions), each at most
 * {@link MANAGED_POLICY_LIMIT} characters. Throws when they need more than {@link MAX_DEPLOY_POLICIES}.
 */
export function deployPolicyDocuments(input: DeployPermissionsInput): IamDocument[] {
  const limit = MANAGED_POLICY_LIMIT - REFERENCE_ALLOWANCE;
  const doc = (statements: IamStatement[]): IamDocument => ({ Version: "2012-10-17", Statement: statements });
  const fits = (statements: IamStatement[]) => policySize(doc(statements), input.partition) <= limit;
  // Split a statement whose actions alone overflow a policy into parts of the same resources.
  const pieces: IamStatement[] = [];
  for (const statement of [...deployGuardStatements(input), ...deployAllowStatements(input)]) {
    if (fits([statement])) {
      pieces.push(statement);
      continue;
    }
    let part: string[] = [];
    let n = 0;
    for (const action of statement.Action) {
      if (part.length > 0 && !fits([{ ...statement, Sid: `${statement.Sid}${n}`, Action: [...part, action] }])) {
        pieces.push({ ...statement, Sid: `${statement.Sid}${n++}`, Action: part });
        part = [];
      }
      part.push(action);
    }
    pieces.push({ ...statement, Sid: `${statement.Sid}${n}`, Action: part });
  }
  const documents: IamStatement[][] = [];
  for (const piece of pieces) {
    const last = documents[documents.length - 1];
    if (last && fits([...last, piece])) last.push(piece);
    else documents.push([piece]);
  }
  if (documents.length > MAX_DEPLOY_POLICIES)
    throw new Error(
      `the deploy role of ${input.project}-${input.environmentName} needs ${documents.length} managed policies, ` +
        `more than IAM's ${MAX_DEPLOY_POLICIES}: shorten the scopes in src/constructs/ci/deploy-permissions.ts`,
    );
  return documents.map(doc);
}
