/**
 * The environment type of a synthesized stack, as the rule pack reads it: recorded in the
 * stack's `//` block (Terraform ignores it) so that rules keep reading only the synthesized JSON.
 */
import { TerraformStack } from "cdktf";
import { Json } from "./types";

export type EnvironmentType = "production" | "non-production";

/** Records the environment type in the stack's JSON (`//.road-warrior.environmentType`). */
export function markEnvironmentType(stack: TerraformStack, type: EnvironmentType): void {
  stack.addOverride("//.road-warrior.environmentType", type);
}

/** The environment type of a synthesized stack; a stack that does not say counts as production. */
export function environmentTypeOf(json: Json): EnvironmentType {
  return json?.["//"]?.["road-warrior"]?.environmentType === "non-production" ? "non-production" : "production";
}
