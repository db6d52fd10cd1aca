import { COMPLIANT, Json, nonCompliant, Rule } from "../types";
import { asList, asStrings, bucketCompanions } from "../../synthesized/json";

const list = asList;
const strings = asStrings;

/** A Deny of s3:* (or *) for every principal when aws:SecureTransport is false. */
const deniesPlainHttp = (s: Json): boolean =>
  s.effect === "Deny" &&
  strings(s.actions).some((a) => a === "*" || a.toLowerCase() === "s3:*") &&
  list(s.principals).some((p) => (p.type === "*" || p.type === "AWS") && strings(p.identifiers).includes("*")) &&
  list(s.condition).some((c) => c.test === "Bool" && c.variable === "aws:SecureTransport" && strings(c.values).includes("false"));

/** Every bucket's policy refuses requests that do not use TLS. */
export const rule: Rule = {
  id: "RW-S3-4",
  title: "S3 bucket policy denies non-TLS requests",
  message:
    'add to the bucket policy a Deny of s3:* for principal "*" on the bucket and its objects ' +
    'with condition Bool aws:SecureTransport = "false" (SecureBucket does)',
  source: "AWS FSBP S3.5",
  resourceTypes: ["aws_s3_bucket"],
  check: (bucket, stack) => {
    const policies = bucketCompanions(bucket, stack, "aws_s3_bucket_policy");
    if (policies.length === 0) return nonCompliant("no bucket policy");
    for (const policy of policies) {
      const statements = stack.policyStatements(policy.config.policy);
      if (!statements)
        return nonCompliant(`${policy.address}: policy is not a data.aws_iam_policy_document reference, the rule cannot read it`);
      if (statements.some(deniesPlainHttp)) return COMPLIANT;
    }
    return nonCompliant('no Deny of s3:* for all principals on aws:SecureTransport = "false"');
  },
};
