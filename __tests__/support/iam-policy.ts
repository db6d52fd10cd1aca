/**
 * A small IAM policy evaluator for tests: enough of AWS's documented logic to ask "may this
 * principal do this?" of the synthesized policy documents. Explicit deny wins; otherwise an allow
 * is needed in every policy set that applies (identity policies, and the permissions boundary when
 * the role has one). Actions and resources match as case-insensitive (actions) or case-sensitive
 * (resources) globs with `*` and `?`. Conditions: StringEquals, StringNotEquals, StringLike,
 * ArnEquals, ArnLike, ArnNotEquals, ArnNotLike, Bool; a missing key fails a positive operator and
 * satisfies a negated one (AWS's behaviour without IfExists); with the `IfExists` suffix a missing
 * key satisfies any operator. `ForAnyValue:` operators take a multi-valued key (an array): they hold
 * when any of its values matches, and fail when the key is missing or empty.
 */
export interface Condition {
  readonly test: string;
  readonly variable: string;
  readonly values: readonly string[];
}

export interface Statement {
  readonly sid?: string;
  readonly effect?: string;
  readonly actions?: readonly string[];
  readonly not_actions?: readonly string[];
  readonly resources?: readonly string[];
  readonly not_resources?: readonly string[];
  readonly condition?: readonly Condition[];
  readonly principals?: readonly { type: string; identifiers: readonly string[] }[];
}

export interface Request {
  readonly action: string;
  readonly resource: string;
  /** Condition keys of the request, e.g. `iam:PermissionsBoundary`, `aws:PrincipalArn`. */
  readonly context?: Record<string, string | readonly string[]>;
}

const glob = (pattern: string, value: string, ignoreCase: boolean): boolean => {
  const escaped = pattern
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  return new RegExp(`^${escaped}$`, ignoreCase ? "i" : "").test(value);
};

const conditionHolds = (c: Condition, context: Record<string, string | readonly string[]>): boolean => {
  const raw = context[c.variable];
  if (c.test.startsWith("ForAnyValue:")) {
    const values = raw === undefined ? [] : typeof raw === "string" ? [raw] : raw;
    return values.some((v) => conditionHolds({ ...c, test: c.test.slice("ForAnyValue:".length) }, { [c.variable]: v }));
  }
  if (typeof raw !== "undefined" && typeof raw !== "string")
    throw new Error(`iam-policy test helper: ${c.variable} is multi-valued; ${c.test} needs ForAnyValue:`);
  const value = raw;
  const ifExists = c.test.endsWith("IfExists");
  const test = c.test.replace(/IfExists$/, "");
  const negated = /Not/.test(test);
  if (value === undefined) return ifExists || negated;
  const positive = test.replace("Not", "");
  const match = c.values.some((expected) => {
    switch (positive) {
      case "StringEquals":
      case "ArnEquals":
        return expected === value;
      case "StringLike":
      case "ArnLike":
        return glob(expected, value, false);
      case "Bool":
        return expected.toLowerCase() === value.toLowerCase();
      default:
        throw new Error(`iam-policy test helper: condition operator ${c.test} is not modelled`);
    }
  });
  return negated ? !match : match;
};

/** Whether a statement applies to a request (action, resource and conditions), regardless of its effect. */
export function applies(s: Statement, request: Request): boolean {
  const actionMatch = s.actions
    ? s.actions.some((a) => glob(a, request.action, true))
    : s.not_actions
      ? !s.not_actions.some((a) => glob(a, request.action, true))
      : false;
  if (!actionMatch) return false;
  const resourceMatch = s.resources
    ? s.resources.some((r) => glob(r, request.resource, false))
    : s.not_resources
      ? !s.not_resources.some((r) => glob(r, request.resource, false))
      : true;
  if (!resourceMatch) return false;
  return (s.condition ?? []).every((c) => conditionHolds(c, request.context ?? {}));
}

export type Decision = "allowed" | "explicit deny" | "implicit deny";

/** AWS's decision for one principal: `identity` are its policies' statements, `boundary` its permissions boundary (if any). */
export function decide(request: Request, identity: readonly Statement[], boundary?: readonly Statement[]): Decision {
  const all = [...identity, ...(boundary ?? [])];
  if (all.some((s) => (s.effect ?? "Allow") === "Deny" && applies(s, request))) return "explicit deny";
  const allowedBy = (statements: readonly Statement[]) => statements.some((s) => (s.effect ?? "Allow") === "Allow" && applies(s, request));
  if (!allowedBy(identity)) return "implicit deny";
  if (boundary && !allowedBy(boundary)) return "implicit deny";
  return "allowed";
}

/**
 * AWS's managed PowerUserAccess (as published: everything but IAM, Organizations and Account,
 * plus a few IAM and Organizations reads and service-linked roles): what the deploy role held before
 * its generated policies, and what the documented rollback re-attaches (docs/ci.md).
 */
export const POWER_USER_ACCESS: readonly Statement[] = [
  { effect: "Allow", not_actions: ["iam:*", "organizations:*", "account:*"], resources: ["*"] },
  {
    effect: "Allow",
    actions: [
      "account:GetAccountInformation",
      "account:GetPrimaryEmail",
      "account:ListRegions",
      "iam:CreateServiceLinkedRole",
      "iam:DeleteServiceLinkedRole",
      "iam:ListRoles",
      "organizations:DescribeOrganization",
    ],
    resources: ["*"],
  },
];

/**
 * The AWS managed policies this evaluator models, by the name the stacks attach them with. Each must
 * be on the synth's list of real managed policies (src/config/aws-managed-policies.ts, rule RW-IAM-4),
 * so a test never evaluates a policy AWS would not attach.
 */
export const AWS_MANAGED_POLICY_STATEMENTS: Readonly<Record<string, readonly Statement[]>> = { PowerUserAccess: POWER_USER_ACCESS };

/** Replaces Terraform references in synthesized policy JSON by concrete values, so ARNs compare. */
export function resolveTokens<T>(value: T, tokens: Record<string, string>): T {
  let text = JSON.stringify(value);
  for (const [pattern, replacement] of Object.entries(tokens)) text = text.replace(new RegExp(pattern, "g"), replacement);
  return JSON.parse(text);
}

/** A statement as IAM reads it from a policy document's JSON. */
interface IamJsonStatement {
  readonly Sid?: string;
  readonly Effect?: string;
  readonly Action?: string | readonly string[];
  readonly NotAction?: string | readonly string[];
  readonly Resource?: string | readonly string[];
  readonly NotResource?: string | readonly string[];
  readonly Condition?: Record<string, Record<string, string | readonly string[]>>;
}

/** A policy document in IAM's JSON: one statement or a list. */
export interface IamJsonDocument {
  readonly Statement: IamJsonStatement | readonly IamJsonStatement[];
}

/** Statements in this evaluator's shape as IAM's JSON document: what IAM stores and counts against its size limits. */
export function toIamDocument(statements: readonly Statement[]): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: statements.map((st) => ({
      Sid: st.sid,
      Effect: st.effect ?? "Allow",
      Action: st.actions,
      NotAction: st.not_actions,
      Resource: st.resources,
      NotResource: st.not_resources,
      Condition: st.condition && Object.fromEntries(st.condition.map((c) => [c.test, { [c.variable]: c.values }])),
    })),
  });
}

const list = (value: string | readonly string[] | undefined) =>
  value === undefined ? undefined : typeof value === "string" ? [value] : value;

/** A policy document as IAM reads it (the JSON of a managed policy's `policy`), in this evaluator's statement shape. */
export function fromIamDocument(document: string | IamJsonDocument): Statement[] {
  const parsed = typeof document === "string" ? (JSON.parse(document) as IamJsonDocument) : document;
  // IAM accepts one statement object as well as a list (AWS's managed policies use both).
  return ([] as IamJsonStatement[]).concat(parsed.Statement).map((s) => ({
    sid: s.Sid,
    effect: s.Effect,
    actions: list(s.Action),
    not_actions: list(s.NotAction),
    resources: list(s.Resource),
    not_resources: list(s.NotResource),
    condition: Object.entries(s.Condition ?? {}).flatMap(([test, keys]) =>
      Object.entries(keys).map(([variable, values]) => ({ test, variable, values: list(values)! })),
    ),
  }));
}

/**
 * The statements of the customer-managed policies (aws_iam_policy) of synthesized JSON whose
 * Terraform name starts with `namePrefix`, e.g. the deploy role's `Roles_DeployManaged`, with
 * Terraform references replaced by `tokens` ({@link resolveTokens}).
 */
export function managedPolicyStatements(json: Record<string, any>, namePrefix: string, tokens: Record<string, string> = {}): Statement[] {
  const policies = Object.entries((json.resource?.aws_iam_policy ?? {}) as Record<string, { policy: string }>).filter(([name]) =>
    name.startsWith(namePrefix),
  );
  if (policies.length === 0) throw new Error(`iam-policy test helper: no aws_iam_policy named ${namePrefix}*`);
  return policies.flatMap(([, p]) => fromIamDocument(resolveTokens(p.policy, tokens)));
}
