/**
 * The environment type a synthesized stack (`cdk.tf.json`) declares, as the plan review reads it to
 * decide which stacks are held to the default-deny of production. Non-production only when the stack
 * says so everywhere it says it: the marker of the rule pack (`rules/environment-type.ts`) and the
 * `environment-type` default tag of every AWS provider. Anything else, a stack that does not say
 * included, is production.
 */
import { ENVIRONMENT_TYPE_TAG } from "../naming";
import { environmentTypeOf, EnvironmentType } from "../rules/environment-type";
import type { Json } from "../rules/types";

const asList = (v: unknown): Json[] => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]);

export function synthesizedEnvironmentType(json: Json): EnvironmentType {
  if (environmentTypeOf(json) !== "non-production") return "production";
  const providers = asList(json?.provider?.aws);
  const tagged = providers.map((p) => asList(p?.default_tags).map((d) => d?.tags?.[ENVIRONMENT_TYPE_TAG]));
  return tagged.every((values) => values.length > 0 && values.every((v) => v === "non-production")) ? "non-production" : "production";
}
