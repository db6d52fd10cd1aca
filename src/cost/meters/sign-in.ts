import { Meter, UsageLine } from "../model";
import { resourcesOf } from "../resources";

/** Cognito user pools (ALB sign-in): billed per monthly active user, so usage only. */
export const signInMeter: Meter = {
  types: ["aws_cognito_user_pool"],
  measure: ({ stacks, prices }) => ({
    lines: [],
    usage: resourcesOf(stacks, "aws_cognito_user_pool").map((pool): UsageLine => ({
      stack: pool.stack,
      item: "Cognito sign-in (Essentials)",
      price: prices.cognitoEssentialsMau,
      unit: "monthly active user",
      detail: "beyond the free allowance",
    })),
  }),
};
