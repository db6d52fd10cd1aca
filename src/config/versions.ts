/**
 * The Terraform and AWS provider versions the synthesized stacks are written for, in one place.
 * Imports nothing: the stacks, the offline harness (`src/preview/`) and the tests all read them here.
 */

/**
 * The AWS provider every stack pins (`required_providers.aws.version`). cdktf writes the version
 * its prebuilt binding was generated from, so this must equal `@cdktf/provider-aws`'s recorded
 * provider version (package.json `cdktf.provider.version`); the offline harness installs this
 * version from the filesystem mirror. A test checks all three agree: bump the binding, the mirror
 * and this constant together.
 */
export const AWS_PROVIDER_VERSION = "5.100.0";

/**
 * The Terraform CLI every stack accepts (`terraform.required_version`). At least 1.11: the S3
 * backend's `use_lockfile` (locking by a lock object beside the state, no DynamoDB table) came in
 * 1.10 as experimental and is generally available from 1.11, the version the tests and CI run; an
 * older CLI stops at `init` on the unknown argument, and this constraint makes that stop say why. Below 2.0: a new
 * major may change the JSON configuration or the state format, so moving to it is a decision
 * taken here, not something a CI runner's upgrade does to us. The tests run Terraform 1.11.
 */
export const TERRAFORM_REQUIRED_VERSION = ">= 1.11.0, < 2.0.0";
