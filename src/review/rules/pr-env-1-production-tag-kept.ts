import { EVERY_TYPE } from "./types";
import type { Json, RuleFinding, UpdateRule } from "./types";
import { afterAt, show, attr } from "./values";
import { ENVIRONMENT_TYPE_TAG } from "../../naming";
import { environmentTypeTag } from "../environment-tag";

/** A resource tagged `environment-type = production` that is no longer (another value, no tag, or unknown). */
function productionTagLowered(before: Json, after: Json, afterUnknown: Json): RuleFinding[] {
  const tag = environmentTypeTag(before);
  if (tag?.value !== "production") return [];
  const path = [tag.attribute, ENVIRONMENT_TYPE_TAG];
  const a = afterAt(after, afterUnknown, path);
  if (a === "production") return [];
  return [
    {
      attribute: attr(path),
      before: show(tag.value),
      after: show(a),
      lost:
        "the resource no longer says it is production: later reviews of its stack would then trust the environment file " +
        "and skip the rules production keeps (a secret deleted at once), and its keys may be scheduled for deletion by administrators",
    },
  ];
}

/** Production environment type lowered. */
export const rule: UpdateRule = {
  id: "PR-ENV-1",
  title: "Production environment type lowered",
  types: [EVERY_TYPE],
  reason:
    "the review reads a stack's environment type from the tags of its prior state, where the change under review cannot lower it: " +
    "a plan that lowers the tag is the change that would turn production into non-production",
  check: productionTagLowered,
};
