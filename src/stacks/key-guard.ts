import { AwsEnvironment } from "../aws-environment";
import { EnvironmentConfig } from "../config/schema";
import { EncryptionKeyProps, envKeyGuard } from "../constructs/security/kms-key";
import { Naming } from "../naming";

/**
 * The destruction guard of an environment's keys: only the break-glass role (`kms.breakGlassRoleArn`)
 * disables them; in a non-production environment its administrators (`cluster.adminRoleArns`) may
 * also schedule their deletion, so that a teardown run from an administrator's laptop completes
 * (docs/deploy.md). CI and stack roles never may, in any environment, and never edit the policy.
 * A production file turned non-production also lowers the keys' `environment-type` tag, which the
 * plan review refuses (PR-ENV-1): the file alone cannot hand a production key to the administrators.
 */
export function environmentKeyGuard(
  config: Pick<EnvironmentConfig, "environmentType" | "kms" | "cluster">,
  aws: AwsEnvironment,
  naming: Naming,
): NonNullable<EncryptionKeyProps["destructionGuard"]> {
  return {
    breakGlassRoleArn: config.kms.breakGlassRoleArn,
    ...envKeyGuard(aws.partition, aws.accountId, naming.prefix),
    teardownRoleArns: config.environmentType === "non-production" ? [...config.cluster.adminRoleArns] : undefined,
  };
}
