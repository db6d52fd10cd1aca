/**
 * Who a policy lets in: the principals of a resource policy or role trust (as ARNs, bare account ids,
 * `*` with or without a condition that pins the caller's account, services and federated providers),
 * and the accounts they belong to. The cross-account rule (PR-IAM-1) refuses a principal of an account
 * that is neither the environment's own nor one its environment file lists (`trustedAccountIds`), nor an
 * AWS service account of `service-accounts.ts` used as that table allows. An allow-list: a principal
 * whose account cannot be told (a unique id, a canonical user, a web identity provider) counts as another
 * account.
 */
import { SERVICE_ACCOUNTS } from "./service-accounts";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

/** One principal a statement lets in, with the account it belongs to. */
export interface Admitted {
  /** As written (`arn:aws:iam::444455556666:root`, `*`, `Federated:accounts.google.com`). */
  readonly principal: string;
  /** 12 digits, or `*` (anyone) or `?` (a form whose account cannot be told). */
  readonly account: string;
  /** The statement's Sid, else its index: `Statement[2]`. */
  readonly statement: string;
  /** The statement's actions (undefined with NotAction: every action but some). */
  readonly actions?: readonly string[];
  /**
   * The statement's Action, NotAction and Condition in one canonical text (keys sorted, lists sorted): a principal
   * already admitted is re-checked when what it may do, or under which condition, changes.
   */
  readonly grant?: string;
  /** For a `Federated` principal: the provider as written and the statement's Condition, which decides who the provider admits. */
  readonly federated?: { readonly provider: string; readonly condition: Json };
}

/** The accounts a stack's policies may name. */
export interface AccountScope {
  /** The environment's own account and its file's `trustedAccountIds` (for a bootstrap stack: of every environment in its account). */
  readonly trusted: readonly string[];
  /** Accounts whose roles may get EKS access entries: `cluster.allowedAdminAccountIds`. @default none */
  readonly adminAccounts?: readonly string[];
  /**
   * GitHub repositories (`owner/name`) whose workflows a role may trust through the GitHub OIDC provider: the environment
   * files' `ci.githubRepository` and `frontend.githubRepository`. @default none: every GitHub trust is refused
   */
  readonly githubRepositories?: readonly string[];
}

/** Resource types and the attributes holding a resource policy or trust (JSON with `Principal`). */
export const POLICY_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = {
  aws_iam_role: ["assume_role_policy"],
  aws_s3_bucket: ["policy"],
  aws_s3_bucket_policy: ["policy"],
  aws_s3_access_point: ["policy"],
  aws_s3control_access_point_policy: ["policy"],
  aws_kms_key: ["policy"],
  aws_kms_key_policy: ["policy"],
  aws_ecr_repository_policy: ["policy"],
  aws_ecr_registry_policy: ["policy"],
  aws_sns_topic: ["policy"],
  aws_sns_topic_policy: ["policy"],
  aws_sqs_queue: ["policy"],
  aws_sqs_queue_policy: ["policy"],
  aws_secretsmanager_secret: ["policy"],
  aws_secretsmanager_secret_policy: ["policy"],
  aws_backup_vault_policy: ["policy"],
  aws_cloudwatch_log_resource_policy: ["policy_document"],
  aws_cloudwatch_log_destination_policy: ["access_policy"],
  aws_efs_file_system_policy: ["policy"],
  aws_glacier_vault: ["access_policy"],
  aws_opensearch_domain: ["access_policies"],
  aws_opensearch_domain_policy: ["access_policies"],
  aws_api_gateway_rest_api: ["policy"],
  aws_api_gateway_rest_api_policy: ["policy"],
  aws_dynamodb_resource_policy: ["policy"],
  aws_vpc_endpoint: ["policy"],
};

/** Resource types whose attributes name one principal (or a list of accounts) directly. */
export const PRINCIPAL_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = {
  aws_lambda_permission: ["principal"],
  aws_kms_grant: ["grantee_principal", "retiring_principal"],
  aws_eks_access_entry: ["principal_arn"],
  aws_ram_principal_association: ["principal"],
  aws_db_snapshot_copy: ["shared_accounts"],
  aws_rds_cluster_snapshot_copy: ["shared_accounts"],
  aws_ami_launch_permission: ["account_id"],
  aws_ebs_snapshot_create_volume_permission: ["account_id"],
};

/** Condition keys that name the calling (or source) account: `*` with one of them pinned to listed accounts lets in only those. */
const ACCOUNT_KEYS = ["aws:principalaccount", "aws:sourceaccount", "kms:calleraccount", "aws:sourceowner"];
/** Condition keys holding an ARN whose account field pins the caller (or source). */
const ARN_KEYS = ["aws:principalarn", "aws:sourcearn"];
/** Operators that pin a key to the values given (not `...IfExists`, which also matches when the key is absent). */
const EQUALS = ["stringequals", "arnequals", "arnlike", "stringlike"];

const ACCOUNT = /^\d{12}$/;
const ARN_ACCOUNT = /^arn:aws[a-z-]*:(?:iam|sts)::(\d{12}):/;
/** The form of an AWS service principal (`pods.eks.amazonaws.com`, `logs.eu-central-1.amazonaws.com`). */
const SERVICE = /^[a-z0-9][a-z0-9.-]*\.amazonaws\.com(?:\.cn)?$/;

const asList = (v: Json): Json[] => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]);
const isObj = (v: Json): boolean => typeof v === "object" && v !== null && !Array.isArray(v);

/** The account of one AWS principal: a bare id, an IAM or STS ARN, `*`; `?` for anything else (a unique id such as AROA...). */
export function accountOfAwsPrincipal(value: unknown): string {
  const text = String(value);
  if (text === "*") return "*";
  if (ACCOUNT.test(text)) return text;
  return ARN_ACCOUNT.exec(text)?.[1] ?? "?";
}

/**
 * The accounts a statement's Condition pins the caller (or source) to, when a key of `ACCOUNT_KEYS` or
 * `ARN_KEYS` is pinned with an equality operator; undefined when none is (or a value has a wildcard where the account goes).
 */
export function accountsOfCondition(condition: Json): string[] | undefined {
  if (!isObj(condition)) return undefined;
  let pinned: string[] | undefined;
  for (const [operator, keys] of Object.entries(condition)) {
    if (!EQUALS.includes(operator.toLowerCase()) || !isObj(keys)) continue;
    for (const [key, values] of Object.entries(keys as Record<string, Json>)) {
      const k = key.toLowerCase();
      let accounts: string[];
      if (ACCOUNT_KEYS.includes(k)) accounts = asList(values).map((v) => (ACCOUNT.test(String(v)) ? String(v) : "?"));
      else if (ARN_KEYS.includes(k))
        accounts = asList(values).map((v) => /^arn:aws[a-z-]*:[a-z0-9-]*:[a-z0-9-]*:(\d{12}):/.exec(String(v))?.[1] ?? "?");
      else continue;
      if (accounts.length === 0) continue;
      // Several pinned keys must all match: the caller is in every set (a wildcard value, `?`, pins nothing).
      pinned = pinned === undefined ? accounts : pinned.filter((a) => accounts.includes(a) || accounts.includes("?"));
    }
  }
  return pinned;
}

/**
 * AWS services that act for any account that asks them (a rule, topic, bucket, log delivery or trail of another account
 * can make them call this resource): in a resource policy each passes only with `aws:SourceAccount` or `aws:SourceArn`
 * (CloudWatch Logs also the `kms:EncryptionContext:aws:logs:arn` of a key policy, as AWS documents) pinned to own accounts.
 */
const CONFUSED_DEPUTIES = /^(?:events|sns|s3|delivery\.logs|logs(?:\.[a-z0-9-]+)?|cloudtrail|cloudwatch)\.amazonaws\.com$/;
/** The keys IAM reads in a policy and in a statement: any other (a misspelt `principal`) is refused, not skipped. */
const POLICY_KEYS = ["Version", "Id", "Statement"];
const STATEMENT_KEYS = ["Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource", "NotResource", "Condition"];

/** The accounts the source of a service's call is pinned to: `aws:SourceAccount`/`aws:SourceArn` (logs: its encryption context). */
function sourceAccounts(condition: Json, service: string): string[] | undefined {
  const pinned = accountsOfCondition(condition);
  if (pinned !== undefined || !service.startsWith("logs.")) return pinned;
  const arns = conditionValues(condition, "kms:EncryptionContext:aws:logs:arn", EQUALS).flat();
  if (arns.length === 0) return undefined;
  return arns.map((v) => /^arn:aws[a-z-]*:logs:[a-z0-9-]*:(\d{12}):/.exec(v)?.[1] ?? "?");
}

/**
 * Every principal the Allow statements of a policy let in; undefined for text that is not a JSON policy. `resourcePolicy`
 * (not a role trust): services of `CONFUSED_DEPUTIES` count, as the accounts the condition pins their source to.
 */
export function admittedBy(policy: unknown, resourcePolicy = false): Admitted[] | undefined {
  if (policy === undefined || policy === null || policy === "") return [];
  let doc: Json;
  try {
    doc = typeof policy === "string" ? JSON.parse(policy) : policy;
  } catch {
    return undefined;
  }
  if (!isObj(doc)) return undefined;
  const admitted: Admitted[] = [];
  for (const key of Object.keys(doc).filter((k) => !POLICY_KEYS.includes(k)))
    admitted.push({ principal: `(unknown policy key ${JSON.stringify(key)})`, account: "?", statement: "(policy)" });
  asList(doc.Statement).forEach((s: Json, i: number) => {
    const statement = isObj(s) && typeof s.Sid === "string" && s.Sid !== "" ? s.Sid : `Statement[${i}]`;
    // IAM reads only these keys, and only Allow or Deny: anything else (a lower-case `principal`) cannot be shown safe.
    const unknown = isObj(s) ? Object.keys(s).filter((k) => !STATEMENT_KEYS.includes(k)) : ["(not an object)"];
    if (isObj(s) && s.Effect !== "Allow" && s.Effect !== "Deny") unknown.push(`Effect ${JSON.stringify(s.Effect)}`);
    for (const key of unknown) admitted.push({ principal: `(unknown statement key ${JSON.stringify(key)})`, account: "?", statement });
    if (!isObj(s) || s.Effect === "Deny") return;
    const actions = s.NotAction !== undefined ? undefined : asList(s.Action).map(String);
    const grant = canonical({ Action: s.Action, NotAction: s.NotAction, Condition: s.Condition });
    const raw: { principal: string; account: string; federated?: Admitted["federated"] }[] = [];
    if (s.NotPrincipal !== undefined) raw.push({ principal: `NotPrincipal ${JSON.stringify(s.NotPrincipal)}`, account: "*" });
    const p = s.Principal;
    if (p === "*") raw.push({ principal: "*", account: "*" });
    else if (isObj(p)) {
      for (const [kind, values] of Object.entries(p as Record<string, Json>)) {
        for (const value of asList(values)) {
          const text = String(value);
          if (kind === "AWS") raw.push({ principal: text, account: accountOfAwsPrincipal(text) });
          else if (kind === "Service") {
            if (!SERVICE.test(text)) raw.push({ principal: `Service:${text}`, account: "?" });
            else if (resourcePolicy && CONFUSED_DEPUTIES.test(text)) {
              const sources = sourceAccounts(s.Condition, text);
              if (sources === undefined)
                raw.push({
                  principal: `Service:${text} (no aws:SourceAccount or aws:SourceArn: for any account's resources)`,
                  account: "?",
                });
              else for (const account of sources) raw.push({ principal: `Service:${text} (source account ${account})`, account });
            }
          } else if (kind === "Federated")
            raw.push({
              principal: `Federated:${text}`,
              account: ARN_ACCOUNT.exec(text)?.[1] ?? "?",
              federated: { provider: text, condition: s.Condition },
            });
          else raw.push({ principal: `${kind}:${text}`, account: "?" });
        }
      }
    } else if (p !== undefined) raw.push({ principal: JSON.stringify(p), account: "?" });
    const pinned = accountsOfCondition(s.Condition);
    for (const r of raw) {
      // A condition that pins the caller's account narrows `*` (and NotPrincipal) to those accounts.
      if (r.account === "*" && pinned !== undefined)
        for (const account of pinned)
          admitted.push({ principal: `${r.principal} (condition: account ${account})`, account, statement, actions, grant });
      else admitted.push({ ...r, statement, actions, grant });
    }
  });
  return admitted;
}

/** The committed service account entry that allows this principal in a policy of `type`, if any. */
export function serviceAccountFor(admitted: Admitted, type: string) {
  return SERVICE_ACCOUNTS.find(
    (s) =>
      s.account === admitted.account &&
      s.types.includes(type) &&
      admitted.actions !== undefined &&
      admitted.actions.length > 0 &&
      admitted.actions.every((a) => s.actions.includes(a)),
  );
}

/** A value in one text whatever the order of its keys and lists: JSON with object keys sorted and arrays sorted. */
export function canonical(value: unknown): string {
  const walk = (v: Json): Json => {
    if (Array.isArray(v)) return v.map(walk).sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
    if (isObj(v))
      return Object.fromEntries(
        Object.keys(v)
          .sort()
          .map((k) => [k, walk(v[k])]),
      );
    return v;
  };
  return JSON.stringify(walk(value ?? null));
}

/** The GitHub Actions OIDC provider (`oidc-provider/token.actions.githubusercontent.com`) of an account. */
const GITHUB_PROVIDER = /^arn:aws[a-z-]*:iam::(\d{12}):oidc-provider\/token\.actions\.githubusercontent\.com$/;
/** An EKS cluster's OIDC provider (`oidc-provider/oidc.eks.<region>.amazonaws.com/id/<id>`) of an account. */
const EKS_PROVIDER = /^arn:aws[a-z-]*:iam::(\d{12}):oidc-provider\/(oidc\.eks\.[a-z0-9-]+\.amazonaws\.com(?:\.cn)?\/id\/[A-Za-z0-9]+)$/;
/** A Kubernetes service account subject, with no wildcard: `system:serviceaccount:<namespace>:<name>`. */
const SERVICE_ACCOUNT_SUBJECT = /^system:serviceaccount:[a-z0-9][a-z0-9-]*:[a-z0-9][a-z0-9.-]*$/;

/**
 * The value lists a Condition gives `key` (matched without case, as IAM does) under one of `operators` (exact
 * operator names: not `...IfExists`, which also matches when the token lacks the claim, nor `ForAnyValue:`).
 */
function conditionValues(condition: Json, key: string, operators: readonly string[]): string[][] {
  if (!isObj(condition)) return [];
  const found: string[][] = [];
  for (const [operator, keys] of Object.entries(condition)) {
    if (!operators.includes(operator.toLowerCase()) || !isObj(keys)) continue;
    for (const [k, values] of Object.entries(keys as Record<string, Json>))
      if (k.toLowerCase() === key.toLowerCase()) found.push(asList(values).map(String));
  }
  return found;
}

/**
 * Why a federated principal is not let in, or undefined when it is. An allow-list of two providers of a listed account:
 * GitHub's, only for `sts:AssumeRoleWithWebIdentity` (and `sts:TagSession`) with the audience `sts.amazonaws.com` and a
 * subject pinned to a repository an environment file names (`repo:<owner>/<name>:` first, so no wildcard can reach
 * another repository: without the pin every repository on GitHub can assume the role); and an EKS cluster's, with the
 * subject pinned to named service accounts. Any other provider (SAML, Cognito, Google, ...) is refused.
 */
export function federatedProblem(admitted: Admitted, scope: AccountScope): string | undefined {
  const { provider, condition } = admitted.federated ?? { provider: admitted.principal, condition: undefined };
  const github = GITHUB_PROVIDER.exec(provider);
  const eks = EKS_PROVIDER.exec(provider);
  if (!github && !eks) return "a federated provider that is neither GitHub's OIDC provider nor an EKS cluster's";
  const account = (github ?? eks)![1];
  if (!scope.trusted.includes(account)) return `the provider belongs to account ${account}, not one of this environment`;
  const allowedActions = github ? ["sts:assumerolewithwebidentity", "sts:tagsession"] : ["sts:assumerolewithwebidentity"];
  if (admitted.actions === undefined || !admitted.actions.every((a) => allowedActions.includes(a.toLowerCase())))
    return `actions other than ${github ? "sts:AssumeRoleWithWebIdentity and sts:TagSession" : "sts:AssumeRoleWithWebIdentity"}`;
  if (eks) {
    const subjects = conditionValues(condition, `${eks[2]}:sub`, ["stringequals"]);
    if (!subjects.some((values) => values.length > 0 && values.every((v) => SERVICE_ACCOUNT_SUBJECT.test(v))))
      return "the EKS provider's sub is not pinned (StringEquals) to system:serviceaccount:<namespace>:<name>: any pod could assume it";
    return undefined;
  }
  const host = "token.actions.githubusercontent.com";
  const audiences = conditionValues(condition, `${host}:aud`, ["stringequals", "stringlike"]);
  if (!audiences.some((values) => values.length > 0 && values.every((v) => v === "sts.amazonaws.com")))
    return `${host}:aud is not pinned to sts.amazonaws.com`;
  const repositories = scope.githubRepositories ?? [];
  const subjects = conditionValues(condition, `${host}:sub`, ["stringequals", "stringlike"]);
  const pinned = (v: string) => repositories.some((r) => v.startsWith(`repo:${r}:`));
  if (!subjects.some((values) => values.length > 0 && values.every(pinned)))
    return (
      `${host}:sub is not pinned (StringEquals or StringLike) to values that all start with repo:<owner>/<name>: of a repository ` +
      `the environment files name (${repositories.length > 0 ? repositories.join(", ") : "none"}): any GitHub repository could assume it`
    );
  return undefined;
}

/** Whether a principal is of an account the stack may name (or an AWS service account as the table allows). */
export function isAllowedPrincipal(admitted: Admitted, type: string, scope: AccountScope): boolean {
  if (admitted.federated !== undefined) return federatedProblem(admitted, scope) === undefined;
  const accounts = type === "aws_eks_access_entry" ? [...scope.trusted, ...(scope.adminAccounts ?? [])] : scope.trusted;
  return accounts.includes(admitted.account) || serviceAccountFor(admitted, type) !== undefined;
}

/** The principals one direct principal attribute names (`aws_lambda_permission.principal`, `shared_accounts`). */
export function admittedByAttribute(type: string, attribute: string, value: unknown, values: Json): Admitted[] {
  const admitted: Admitted[] = [];
  for (const v of asList(value)) {
    const text = String(v);
    if (text === "") continue;
    if (SERVICE.test(text)) {
      // A service invoking a function for another account's resource: the source account must be a listed one.
      const source = isObj(values) ? values.source_account : undefined;
      if (type === "aws_lambda_permission" && typeof source === "string" && source !== "")
        admitted.push({
          principal: `${text} (source_account ${source})`,
          account: ACCOUNT.test(source) ? source : "?",
          statement: attribute,
        });
      continue;
    }
    const account = accountOfAwsPrincipal(text);
    const source = isObj(values) && typeof values.source_account === "string" ? values.source_account : "";
    if (account === "*" && type === "aws_lambda_permission" && ACCOUNT.test(source))
      admitted.push({ principal: `* (source_account ${source})`, account: source, statement: attribute });
    else admitted.push({ principal: text, account, statement: attribute });
  }
  return admitted;
}

/**
 * The accounts of a stack the review has no environment file for: those its AWS providers pin
 * (`allowed_account_ids`) and those of the ARNs of its prior state (the state, unlike the change under review,
 * says where the stack lives). None: every account principal counts as another account.
 */
export function accountsFromPlan(plan: {
  configuration?: unknown;
  prior_state?: unknown;
  resource_changes?: readonly { change: { before?: unknown } }[];
}): string[] {
  const accounts = new Set<string>();
  const providers = isObj(plan.configuration) ? (plan.configuration as Json).provider_config : undefined;
  for (const provider of Object.values<Json>(isObj(providers) ? providers : {}))
    for (const id of asList(provider?.expressions?.allowed_account_ids?.constant_value))
      if (ACCOUNT.test(String(id))) accounts.add(String(id));
  const arnAccount = (values: Json) => /^arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:(\d{12}):/.exec(String(values?.arn ?? ""))?.[1];
  const walk = (module: Json): void => {
    if (!isObj(module)) return;
    for (const r of asList(module.resources)) if (r?.mode === "managed" && arnAccount(r.values)) accounts.add(arnAccount(r.values)!);
    for (const child of asList(module.child_modules)) walk(child);
  };
  walk((plan.prior_state as Json)?.values?.root_module);
  for (const c of plan.resource_changes ?? []) if (arnAccount(c.change.before)) accounts.add(arnAccount(c.change.before)!);
  return [...accounts];
}

/**
 * The GitHub repositories of a stack the review has no environment file for: those the GitHub subjects of its prior
 * state's role trusts name (`repo:<owner>/<name>:...`). The state, unlike the change under review, says which
 * repositories the stack already trusts.
 */
export function githubRepositoriesFromPlan(plan: { prior_state?: unknown }): string[] {
  const repositories = new Set<string>();
  const walk = (module: Json): void => {
    if (!isObj(module)) return;
    for (const r of asList(module.resources)) {
      if (r?.mode !== "managed" || r?.type !== "aws_iam_role") continue;
      for (const a of admittedBy(r.values?.assume_role_policy) ?? [])
        for (const values of conditionValues(a.federated?.condition, "token.actions.githubusercontent.com:sub", [
          "stringequals",
          "stringlike",
        ]))
          for (const v of values) {
            const repository = /^repo:([A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+):/.exec(v)?.[1];
            if (repository !== undefined) repositories.add(repository);
          }
    }
    for (const child of asList(module.child_modules)) walk(child);
  };
  walk((plan.prior_state as Json)?.values?.root_module);
  return [...repositories];
}

/**
 * Attributes that send data somewhere, by type: a path (`*` any list item or map key) to an ARN, a bare account id, or
 * (S3, whose bucket ARNs carry no account) the account a destination bucket belongs to. PR-IAM-1 reads the account of
 * each value as a principal: another account receiving logs, messages, events, replicas, copies or a shared snapshot.
 */
export const DESTINATION_PATHS: Readonly<Record<string, readonly string[]>> = {
  aws_cloudwatch_log_subscription_filter: ["destination_arn"],
  aws_sns_topic_subscription: ["endpoint"],
  aws_s3_bucket_inventory: ["destination.*.bucket.*.account_id", "destination.*.bucket.*.bucket_arn"],
  aws_s3_bucket_replication_configuration: ["rule.*.destination.*.account", "rule.*.destination.*.bucket"],
  aws_ecr_replication_configuration: ["replication_configuration.*.rule.*.destination.*.registry_id"],
  aws_db_cluster_snapshot: ["shared_accounts.*"],
  aws_db_snapshot: ["shared_accounts.*"],
  aws_backup_plan: ["rule.*.copy_action.*.destination_vault_arn"],
  aws_cloudwatch_event_target: ["arn"],
  aws_vpc_peering_connection: ["peer_owner_id"],
};

/** SNS protocols that deliver a topic's messages outside AWS, to whoever holds the address. */
export const OUTSIDE_PROTOCOLS = ["http", "https", "email", "email-json", "sms"];

/** The account of a destination value: a bare id, the account field of an ARN; `?` for an S3 bucket ARN (no account) or any other text. */
export function accountOfDestination(value: string): string {
  if (ACCOUNT.test(value)) return value;
  return /^arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:(\d{12}):/.exec(value)?.[1] ?? "?";
}

/** The destination values at a path of `DESTINATION_PATHS` (known strings only; `*` any list item or map key). */
export function destinationValues(values: Json, path: string): { path: string; value: string }[] {
  const found: { path: string; value: string }[] = [];
  const walk = (v: Json, steps: string[], at: string[]) => {
    if (steps.length === 0) {
      if (typeof v === "string" && v !== "") found.push({ path: at.join("."), value: v });
      return;
    }
    const [step, ...rest] = steps;
    if (step === "*") {
      if (Array.isArray(v)) v.forEach((x, i) => walk(x, rest, [...at, String(i)]));
      else if (isObj(v)) for (const [k, x] of Object.entries(v)) walk(x, rest, [...at, k]);
    } else if (isObj(v)) walk(v[step], rest, [...at, step]);
  };
  walk(values, path.split("."), []);
  return found;
}

/**
 * What the destinations of a resource let in, as principals: one per value, with its account. An S3 destination is
 * judged by its account attribute when one is given (`account`, `account_id`): the bucket ARN then says nothing more.
 * An SNS subscription by a protocol of `OUTSIDE_PROTOCOLS` delivers to an address outside AWS: account `?`.
 */
export function admittedByDestinations(type: string, values: Json): Admitted[] {
  const admitted: Admitted[] = [];
  const paths = DESTINATION_PATHS[type] ?? [];
  const all = paths.flatMap((p) => destinationValues(values, p));
  for (const { path, value } of all) {
    if (type === "aws_sns_topic_subscription" && OUTSIDE_PROTOCOLS.includes(String(values?.protocol))) {
      admitted.push({ principal: `${values.protocol}:${value}`, account: "?", statement: path });
      continue;
    }
    const s3Bucket = /^arn:aws[a-z-]*:s3:::/.test(value);
    if (s3Bucket) {
      // A bucket ARN names no account: the sibling account attribute, when set, says whose it is (judged on its own path).
      const parent = path.split(".").slice(0, -1).join(".");
      const sibling = all.find((d) => d.path.startsWith(`${parent}.`) && d.path !== path && ACCOUNT.test(d.value));
      if (sibling !== undefined) continue;
    }
    admitted.push({ principal: value, account: accountOfDestination(value), statement: path });
  }
  return admitted;
}
