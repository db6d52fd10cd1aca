import type { UpdateRule } from "./types";
import { UNKNOWN, at, afterAt, show } from "./values";
import type { Value } from "./values";

/** DynamoDB TTL turned on or moved to another attribute. */
export const rule: UpdateRule = {
  id: "PR-DDB-3",
  title: "DynamoDB TTL turned on or moved to another attribute",
  types: ["aws_dynamodb_table"],
  reason: "DynamoDB deletes every item whose TTL attribute is in the past",
  check: (b, a, u) => {
    const on = (v: Value) => v === true || v === UNKNOWN;
    const before = { enabled: at(b, ["ttl", 0, "enabled"]), name: at(b, ["ttl", 0, "attribute_name"]) };
    const after = { enabled: afterAt(a, u, ["ttl", 0, "enabled"]), name: afterAt(a, u, ["ttl", 0, "attribute_name"]) };
    if (!on(after.enabled) || (before.enabled === true && before.name === after.name)) return [];
    return [
      {
        attribute: "ttl[0]",
        before: before.enabled === true ? `on ${show(before.name)}` : "(off)",
        after: `on ${show(after.name)}`,
        lost: `items whose ${show(after.name)} lies in the past are deleted by DynamoDB`,
      },
    ];
  },
};
