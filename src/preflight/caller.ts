import { GetRoleCommand, NoSuchEntityException } from "@aws-sdk/client-iam";
import { AwsClients } from "./aws-clients";

/** Who the credentials belong to (STS GetCallerIdentity). */
export interface Caller {
  readonly account: string;
  readonly arn: string;
}

/** The role of an IAM role ARN (its last path segment). */
export const roleNameOf = (arn: string) => arn.split("/").pop()!;

/** The role's ARN (with its path), or "missing" when IAM answers NoSuchEntity. */
export async function getRole(clients: AwsClients, roleName: string): Promise<{ arn: string } | "missing"> {
  try {
    const { Role } = await clients.iam.send(new GetRoleCommand({ RoleName: roleName }));
    return { arn: Role!.Arn! };
  } catch (error) {
    if (error instanceof NoSuchEntityException) return "missing";
    throw error;
  }
}

/**
 * The IAM principal behind the caller, as IAM policies and EKS access entries name it: the role of an
 * assumed-role session (STS names the session, `arn:<partition>:sts::<account>:assumed-role/<name>/<session>`,
 * without the role's path: IAM's GetRole gives it), a user as it is, "root" for the account's root user;
 * undefined for anything else (a federated user).
 */
export async function principalOf(caller: Caller, clients: AwsClients): Promise<string | "root" | undefined> {
  const assumed = /^arn:[a-z-]+:sts::\d{12}:assumed-role\/([^/]+)\//.exec(caller.arn);
  if (assumed) {
    const role = await getRole(clients, assumed[1]);
    return role === "missing" ? undefined : role.arn;
  }
  if (/:iam::\d{12}:user\//.test(caller.arn)) return caller.arn;
  if (/:iam::\d{12}:root$/.test(caller.arn)) return "root";
  return undefined;
}
