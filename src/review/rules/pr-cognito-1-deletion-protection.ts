import type { UpdateRule } from "./types";
import { turnedOff } from "./values";

/** Cognito user pool deletion protection turned off. */
export const rule: UpdateRule = {
  id: "PR-COGNITO-1",
  title: "Cognito user pool deletion protection turned off",
  types: ["aws_cognito_user_pool"],
  reason: "a single API call can then delete every user, and users cannot be exported with their passwords",
  check: turnedOff(
    ["deletion_protection"],
    "ACTIVE",
    "the pool, with every user and password, can be deleted by one API call or a terraform destroy",
  ),
};
