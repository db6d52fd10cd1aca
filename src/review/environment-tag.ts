/** The `environment-type` tag of a resource's values, as the plan review reads it from a plan. */
import { ENVIRONMENT_TYPE_TAG } from "../naming";
import type { Json } from "./rules/types";

/**
 * The `environment-type` tag of a resource's values (`ENVIRONMENT_TYPE_TAG`): in `tags_all` (default tags
 * included) when the type has it, else in `tags`; with the attribute it was read from.
 */
export function environmentTypeTag(values: Json): { attribute: "tags_all" | "tags"; value: unknown } | undefined {
  if (!values || typeof values !== "object") return undefined;
  const attribute = values.tags_all && typeof values.tags_all === "object" ? "tags_all" : "tags";
  const tags = values[attribute];
  return tags && typeof tags === "object" && ENVIRONMENT_TYPE_TAG in tags ? { attribute, value: tags[ENVIRONMENT_TYPE_TAG] } : undefined;
}
