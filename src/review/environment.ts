/** The environment type a plan's prior state says its stack is, from the `environment-type` tags of its resources. */
import { environmentTypeTag } from "./environment-tag";
import { isObject, TerraformPlan } from "./plan";

/**
 * The values of the `environment-type` tag (`tags_all`, else `tags`) on the resources of a plan's prior state:
 * the before of every resource change and of every change outside Terraform, and `prior_state` with its modules.
 * The change under review writes the environment files and the after values, never these.
 */
export function environmentTypesOf(plan: TerraformPlan): Set<string> {
  const priors: unknown[] = [...(plan.resource_changes ?? []), ...(plan.resource_drift ?? [])]
    .filter((c) => c.mode === "managed")
    .map((c) => c.change.before);
  const walk = (module: unknown): void => {
    if (!isObject(module)) return;
    for (const r of Array.isArray(module.resources) ? module.resources : []) if (isObject(r) && r.mode === "managed") priors.push(r.values);
    for (const child of Array.isArray(module.child_modules) ? module.child_modules : []) walk(child);
  };
  if (isObject(plan.prior_state) && isObject(plan.prior_state.values)) walk(plan.prior_state.values.root_module);
  const types = new Set<string>();
  for (const values of priors) {
    const tag = environmentTypeTag(values);
    // A tag that is not a string (Terraform never writes one) counts as not non-production: the strict side.
    if (tag !== undefined) types.add(typeof tag.value === "string" ? tag.value : JSON.stringify(tag.value));
  }
  return types;
}
