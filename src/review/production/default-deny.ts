/**
 * Default-deny for production stacks: a change to a resource of any type but the inert ones (`inert.ts`), those that
 * hold data (`data-bearing.ts`) or govern it (`governing.ts`) included, is refused unless the review can show it is safe.
 * - An update passes only when every attribute it changes is on the safe list (`safe-list.ts`): PR-PROD-1.
 * - A destroy, replacement or forget of a governing type is refused like that of a data-bearing type
 *   (`findings.ts`; allowed by an allow line without a rule id).
 * - A new governing resource must configure a resource created in the same plan, named by exactly
 *   that resource's name or id attribute; anything else may be live data: PR-PROD-2.
 * Non-production stacks keep the rules of `rules/` alone.
 */
import { dataBearingReason } from "../../synthesized/data-bearing";
import type { ResourceChange, TerraformPlan } from "../plan";
import { UNKNOWN } from "../rules/values";
import type { UpdateFinding } from "../rules/types";
import { configures, expressionsOf } from "./configuration";
import { Changed, changedAttributes, formatPath, NAMED_BLOCKS } from "./diff";
import { GOVERNING_TYPES, governingReason } from "./governing";
import { inertReason } from "./inert";
import { safeChange } from "./safe-list";

/** The rules of the default-deny, for the allow file and the docs. */
export const PRODUCTION_RULES: readonly { readonly id: string; readonly title: string; readonly reason: string }[] = [
  {
    id: "PR-PROD-1",
    title: "Production change not on the safe list",
    reason:
      "in a production stack, an update of a resource of any type but the inert ones (src/review/production/inert.ts) " +
      "passes only when every attribute it changes is on the safe list",
  },
  {
    id: "PR-PROD-2",
    title: "Production configuration of data that may already exist",
    reason:
      "in a production stack, a new resource that configures a bucket, repository, key or vault passes only when " +
      "it names, exactly, one created in the same plan",
  },
];

/** Whether a change of this type can lose data or strip its protection: it holds data, or governs data held elsewhere. */
export function holdsOrGovernsData(type: string): boolean {
  return dataBearingReason(type) !== undefined || governingReason(type) !== undefined;
}

/** What a change of a type that neither holds nor governs data, and is not inert, may do. */
export const NOT_INERT =
  "change who or what may reach data (a listener's sign-in, a key, a subscription, a route); " +
  "it is not on the inert list of src/review/production/inert.ts";

/**
 * Whether a production stack judges this type's updates, replacements and deletes: every type but the inert ones
 * (an allow-list); a data-bearing or governing type always.
 */
export function isJudged(type: string, before?: unknown, after?: unknown): boolean {
  return holdsOrGovernsData(type) || inertReason(type, before, after) === undefined;
}

const show = (value: unknown): string => {
  if (value === UNKNOWN) return "(known after apply)";
  if (value === undefined || value === null) return "(unset)";
  const text = typeof value === "string" ? JSON.stringify(value) : typeof value === "object" ? JSON.stringify(value) : String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
};

/** PR-PROD-1: each attribute an update changes that no safe-list entry lets through. */
export function unsafeUpdates(change: ResourceChange, plan: TerraformPlan): UpdateFinding[] {
  if (!isJudged(change.type, change.change.before, change.change.after)) return [];
  const { before, after, after_unknown: afterUnknown } = change.change;
  const what = governingReason(change.type) ?? (dataBearingReason(change.type) !== undefined ? "lose the data it holds" : NOT_INERT);
  if (typeof before !== "object" || before === null || typeof after !== "object" || after === null) {
    return [
      {
        rule: "PR-PROD-1",
        attribute: "(every attribute)",
        before: before === undefined || before === null ? "(not in the plan)" : "(set)",
        after: after === undefined || after === null ? "(not in the plan)" : "(set)",
        lost: `the plan does not show what the update changes, and a change of this ${change.type} can ${what}`,
      },
    ];
  }
  // A value known only after apply, where there was none, of an attribute the configuration does not set is what AWS
  // reports back (an endpoint, the members, a secret's ARN), not a change the configuration makes. Only at the top level,
  // or inside a block the configuration writes itself: a `dynamic` block is not in the plan's configuration, and its
  // content must count.
  const expressions = expressionsOf(plan, change.address);
  const names = NAMED_BLOCKS[change.type];
  const reported = (c: Changed) =>
    c.after === UNKNOWN &&
    (c.before === null || c.before === undefined) &&
    expressions !== undefined &&
    !configures(expressions, c.path, names) &&
    (c.path.length === 1 || configures(expressions, c.path.slice(0, 1), names));
  return changedAttributes(change.type, before, after, afterUnknown)
    .filter((c) => !reported(c) && safeChange(change.type, c.path, c.before, c.after) === undefined)
    .map((c) => ({
      rule: "PR-PROD-1",
      attribute: formatPath(c.path),
      before: show(c.before),
      after: show(c.after),
      lost: `not on the safe list of production changes, and a change of this ${change.type} can ${what}`,
    }));
}

/** `aws_s3_bucket.B["x"]` → `aws_s3_bucket.B`. */
const resourceOf = (address: string) =>
  address
    .replace(/\[[^\]]*\]$/, "")
    .split(".")
    .slice(0, 2)
    .join(".");

/**
 * The resource created (not replaced) in this plan that a governing resource's `target` names exactly: its expression in
 * the plan's configuration is `${<type>.<name>.<attribute>}` and nothing else, with an attribute that is the parent's
 * name or id. Undefined when it names anything else: a literal, an expression that only uses a new resource (a
 * `replace()` or `join()` of it and a literal), a resource that exists already, or a configuration the plan does not show.
 */
export function newTargetOf(change: ResourceChange, plan: TerraformPlan): string | undefined {
  const target = GOVERNING_TYPES[change.type]?.target;
  if (!target) return undefined;
  const root = (plan.configuration as { root_module?: { resources?: unknown[] } } | undefined)?.root_module;
  const config = (Array.isArray(root?.resources) ? root.resources : []).find(
    (r): r is { expressions?: Record<string, { constant_value?: unknown; references?: unknown }> } =>
      typeof r === "object" && r !== null && (r as { address?: unknown }).address === change.address,
  );
  const expression = config?.expressions?.[target.attribute];
  const text = expression?.constant_value;
  const match = typeof text === "string" ? /^\$\{([a-z][a-z0-9_]*)\.([A-Za-z_][A-Za-z0-9_-]*)\.([a-z_]+)\}$/.exec(text) : null;
  if (!match) return undefined;
  const [, type, name, attribute] = match;
  if (!(target.parents[type] ?? []).includes(attribute)) return undefined;
  const references = Array.isArray(expression?.references) ? expression.references : [];
  const parent = `${type}.${name}`;
  if (!references.every((r) => r === parent || r === `${parent}.${attribute}`)) return undefined;
  const created = (plan.resource_changes ?? []).some(
    (c) => c.mode === "managed" && c.address === parent && c.type === type && c.change.actions.join(",") === "create",
  );
  return created && resourceOf(parent) === parent ? parent : undefined;
}

/**
 * A new service's Pod Identity association, as the apps stack makes it: the service account `<service>` in the namespace
 * `<service>` gets the role `<project>-<env>.<service>` (made by the data stack, so its ARN is known at plan time but not
 * created in this plan). Any other pairing (another namespace or service account, another service's role) stays refused.
 */
function ownServiceRole(change: ResourceChange, plan: TerraformPlan, stack?: string): boolean {
  if (change.type !== "aws_eks_pod_identity_association" || change.change.actions.join(",") !== "create") return false;
  const after = (change.change.after ?? {}) as Record<string, unknown>;
  const { namespace, service_account: serviceAccount, role_arn: roleArn } = after;
  if (typeof namespace !== "string" || typeof roleArn !== "string" || serviceAccount !== namespace) return false;
  const role = /^arn:aws[a-z-]*:iam::\d{12}:role\/([A-Za-z0-9+=,@_-]+)\.([a-z0-9-]+)$/.exec(roleArn);
  return role !== null && role[2] === namespace && ownPrefix(role[1], plan, stack);
}

/**
 * Whether a role name's prefix is this stack's `<project>-<env>`: the environment is the stack name without its last
 * part (`prod-apps` → `prod`), the project the `project` default tag of the plan's AWS provider. Without a stack name
 * nothing is compared; without the tag (a constant of the configuration), only the `-<env>` ending is.
 */
function ownPrefix(prefix: string, plan: TerraformPlan, stack?: string): boolean {
  if (stack === undefined || !stack.includes("-")) return true;
  const env = stack.slice(0, stack.lastIndexOf("-"));
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const config = (plan.configuration as { provider_config?: Record<string, any> } | undefined)?.provider_config?.aws;
  const project = config?.expressions?.default_tags?.[0]?.tags?.constant_value?.project;
  return typeof project === "string" ? prefix === `${project}-${env}` : prefix.endsWith(`-${env}`);
}

/** PR-PROD-2: a new governing resource that does not provably configure a resource created in this plan. */
export function unprovenTargets(change: ResourceChange, plan: TerraformPlan, stack?: string): UpdateFinding[] {
  const governing = GOVERNING_TYPES[change.type];
  if (!governing?.target || newTargetOf(change, plan) !== undefined || ownServiceRole(change, plan, stack)) return [];
  const after = change.change.after as Record<string, unknown> | null | undefined;
  const unknown = (change.change.after_unknown as Record<string, unknown> | undefined)?.[governing.target.attribute] === true;
  const parents = Object.entries(governing.target.parents)
    .map(([type, attributes]) => attributes.map((a) => `\${${type}.<name>.${a}}`).join(" or "))
    .join(", or ");
  return [
    {
      rule: "PR-PROD-2",
      attribute: governing.target.attribute,
      before: "(none)",
      after: unknown ? "(known after apply)" : show(after?.[governing.target.attribute]),
      lost:
        `it may configure data that exists already, and a new ${change.type} can ${governing.reason}; ` +
        `it is new data only when the attribute is exactly ${parents} of a resource created in this plan`,
    },
  ];
}
