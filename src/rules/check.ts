import { RULES } from "./pack";
import { stackView } from "../synthesized/stack-view";
import { suppressionsOf } from "./suppress";
import { Json, Rule } from "./types";

/** In `Rule.resourceTypes`: every resource type. */
export const ANY_TYPE = "*";

export interface Finding {
  readonly stack: string;
  readonly address: string;
  readonly rule: string;
  readonly message: string;
}

export interface SuppressedFinding extends Finding {
  readonly reason: string;
}

export interface CheckResult {
  readonly findings: Finding[];
  readonly suppressed: SuppressedFinding[];
  /** Suppressions naming a rule that is not in the pack (a typo hides nothing: it is an error). */
  readonly unknownSuppressions: Finding[];
}

/** Runs every rule of the pack over every resource of the given synthesized stacks. */
export function checkStacks(stacks: readonly { name: string; json: Json }[], rules: readonly Rule[] = RULES): CheckResult {
  const result: CheckResult = { findings: [], suppressed: [], unknownSuppressions: [] };
  const ids = new Set(rules.map((r) => r.id));
  for (const { name, json } of stacks) {
    const view = stackView(name, json);
    for (const rule of rules) {
      for (const resource of rule.resourceTypes.flatMap((type) => (type === ANY_TYPE ? view.allResources() : view.resources(type)))) {
        const verdict = rule.check(resource, view);
        if (verdict.status !== "non-compliant") continue;
        const finding = {
          stack: name,
          address: resource.address,
          rule: rule.id,
          message: verdict.detail ? `${rule.message} (${verdict.detail})` : rule.message,
        };
        const suppression = suppressionsOf(resource.config).find((s) => s.rule === rule.id);
        if (suppression) result.suppressed.push({ ...finding, reason: suppression.reason });
        else result.findings.push(finding);
      }
    }
    for (const resource of view.allResources()) {
      for (const s of suppressionsOf(resource.config)) {
        if (!ids.has(s.rule))
          result.unknownSuppressions.push({
            stack: name,
            address: resource.address,
            rule: s.rule,
            message: `suppression of unknown rule ${s.rule}`,
          });
      }
    }
  }
  return result;
}

export function formatFinding(f: Finding): string {
  return `${f.stack}: ${f.address}: ${f.rule}: ${f.message}`;
}
