import type { UpdateRule } from "./types";
import { UNKNOWN, at, afterAt, show } from "./values";

/** Secrets Manager secret value replaced. */
export const rule: UpdateRule = {
  id: "PR-SM-2",
  title: "Secrets Manager secret value replaced",
  types: ["aws_secretsmanager_secret_version"],
  reason:
    "the old value is only kept as AWSPREVIOUS until the next change: " +
    "anything still using it breaks, and it cannot be read back after that",
  check: (b, a, u) =>
    ["secret_string", "secret_binary"].flatMap((f) => {
      const before = at(b, [f]);
      const after = afterAt(a, u, [f]);
      return before !== undefined && before !== null && before !== "" && after !== before
        ? [
            {
              attribute: f,
              before: "(a value)",
              after: after === UNKNOWN ? show(UNKNOWN) : after ? "(another value)" : "(unset)",
              lost: "the old value is kept only as AWSPREVIOUS until the next change; save it first if anything still needs it",
            },
          ]
        : [];
    }),
};
