import { isDataBearing } from "../../synthesized/data-bearing";
import { environmentTypeOf } from "../environment-type";
import { COMPLIANT, NOT_APPLICABLE, nonCompliant, Rule } from "../types";

/**
 * `prevent_destroy` never appears in plan JSON, so plan-review cannot check it: this rule does,
 * at synth. Data-bearing is the plan review's own classification (deny by default, one list in
 * src/synthesized/data-bearing.ts), so the two never disagree about what holds data.
 */
export const rule: Rule = {
  id: "RW-DATA-1",
  title: "Production data-bearing resources carry prevent_destroy",
  message:
    "set lifecycle.prevent_destroy = true (preventDestroy in the construct) on every data-bearing resource of a production environment, " +
    "or list the type in src/synthesized/data-bearing.ts if it holds no data",
  source: "Road Warrior plan review (docs/plan-review.md); Terraform lifecycle meta-argument",
  resourceTypes: ["*"],
  check: (resource, stack) => {
    if (!isDataBearing(resource.type) || environmentTypeOf(stack.json) !== "production") return NOT_APPLICABLE;
    const value = resource.config.lifecycle?.prevent_destroy;
    return value === true || value === "true"
      ? COMPLIANT
      : nonCompliant(`a production ${resource.type} without lifecycle.prevent_destroy (it is ${value ?? "unset"})`);
  },
};
