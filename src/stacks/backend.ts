import { CloudBackend, LocalBackend, NamedCloudWorkspace, S3Backend, TerraformStack } from "cdktf";
import { BackendConfig } from "../config/schema";
import { TERRAFORM_REQUIRED_VERSION } from "../config/versions";
import { partitionOf, stateKeyAlias } from "../naming";

export interface BackendTarget {
  /** The stack's name: the state key, workspace or file is named after it. */
  readonly stackName: string;
  /** Region of the environment; the S3 backend defaults to it. */
  readonly region: string;
  /** Project name; HCP Terraform workspaces default to `<project>-<stack>`. */
  readonly project: string;
  /** Account of the state bucket: the state key's alias ARN names it. Required for `s3`. */
  readonly accountId?: string;
}

/** Folder (relative to the project root) holding state files of the `local` backend. */
export const LOCAL_STATE_DIR = ".terraform-state";

/**
 * Configures where a stack keeps its state, and the Terraform CLI that may run it
 * (`terraform.required_version`, {@link TERRAFORM_REQUIRED_VERSION}: the S3 backend's lock file is
 * generally available from 1.11). Every stack calls this once, so every stack declares both; constructs never do.
 *
 * - `s3`: key `<stack>.tfstate`, encrypted with the state bucket's KMS key, and S3-native locking (`use_lockfile`,
 *   Terraform 1.11+; no DynamoDB table). cdktf 0.21's `S3Backend` has no prop for it: an override adds it.
 * - `cloud`: one HCP Terraform workspace per stack, so cross-stack references read each other's
 *   outputs through remote state sharing.
 * - `local`: a file under `.terraform-state/` at the project root, outside `cdktf.out/`, so a
 *   re-synth or `rm -rf cdktf.out` does not lose it. Paths are relative to `cdktf.out/stacks/<stack>/`.
 */
export function configureBackend(stack: TerraformStack, backend: BackendConfig, target: BackendTarget): void {
  // cdktf 0.21 has no prop for it; an older CLI stops at init with a clear message instead of
  // rejecting (or, before 1.10, not honouring) the lock file; 1.10 only had it as experimental.
  stack.addOverride("terraform.required_version", TERRAFORM_REQUIRED_VERSION);
  switch (backend.type) {
    case "s3": {
      const region = backend.region ?? target.region;
      if (!target.accountId) throw new Error(`${target.stackName}: the s3 backend needs the account id of its state key`);
      new S3Backend(stack, {
        bucket: backend.bucket,
        key: `${target.stackName}.tfstate`,
        region,
        encrypt: true,
        // Without a key, Terraform asks S3 for AES256 on every write, overriding the bucket's KMS default.
        kmsKeyId: `arn:${partitionOf(region)}:kms:${region}:${target.accountId}:alias/${stateKeyAlias(backend.bucket)}`,
      });
      stack.addOverride("terraform.backend.s3.use_lockfile", true);
      return;
    }
    case "cloud":
      new CloudBackend(stack, {
        organization: backend.organization,
        hostname: backend.hostname,
        workspaces: new NamedCloudWorkspace(`${backend.workspacePrefix ?? `${target.project}-`}${target.stackName}`),
      });
      return;
    case "local":
      new LocalBackend(stack, { path: `../../../${LOCAL_STATE_DIR}/${target.stackName}.tfstate` });
      return;
  }
}
