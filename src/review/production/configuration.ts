/**
 * The configuration of a resource as the plan shows it (`configuration.root_module`, with its
 * `module_calls`): which attributes the configuration sets, and the expression of each. Terraform
 * writes an expression per attribute set (`constant_value` for a literal, and, for a configuration
 * in JSON as cdktf writes it, the template text itself; `references` for what it reads); blocks are
 * lists of such objects. An attribute it does not list is not set by the configuration.
 */
import type { TerraformPlan } from "../plan";
import type { Step } from "./diff";

type Expressions = Record<string, unknown>;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** The expressions of the resource at `address` (`module.a.aws_s3_bucket.B["x"]`), or undefined when the plan does not show them. */
export function expressionsOf(plan: TerraformPlan, address: string): Expressions | undefined {
  const parts = address.replace(/\[[^\]]*\]$/, "").split(".");
  let module: unknown = isObject(plan.configuration) ? plan.configuration.root_module : undefined;
  while (parts[0] === "module" && parts.length > 2) {
    const name = parts[1].replace(/\[[^\]]*\]$/, "");
    const calls = isObject(module) && isObject(module.module_calls) ? module.module_calls : {};
    module = isObject(calls[name]) ? calls[name].module : undefined;
    parts.splice(0, 2);
  }
  const local = parts.join(".");
  const resources = isObject(module) && Array.isArray(module.resources) ? module.resources : [];
  const resource = resources.find((r) => isObject(r) && r.address === local);
  return isObject(resource) ? (isObject(resource.expressions) ? resource.expressions : {}) : undefined;
}

const isExpression = (node: unknown) => isObject(node) && ("constant_value" in node || "references" in node);

/**
 * Whether the configuration sets the attribute at `path` (or a block or value around it). `names`: the attribute naming
 * the blocks of a list matched by name (`rule` → `rule_name`).
 */
export function configures(expressions: Expressions, path: readonly Step[], names: Readonly<Record<string, string>> = {}): boolean {
  let node: unknown = expressions;
  let list: string | undefined;
  for (const step of path) {
    if (isExpression(node)) return true;
    if (typeof step === "string") {
      node = isObject(node) ? node[step] : undefined;
      list = step;
    } else if (typeof step === "number") {
      node = Array.isArray(node) ? (node[step] ?? node[0]) : undefined;
    } else {
      const name = list === undefined ? undefined : names[list];
      node = Array.isArray(node)
        ? node.find((b) => isObject(b) && name !== undefined && isObject(b[name]) && b[name].constant_value === step.key)
        : undefined;
    }
    if (node === undefined) return false;
  }
  return true;
}
