import { App, TerraformStack } from "cdktf";
import { ValidateProviderPresence } from "cdktf/lib/validations/validate-provider-presence";

/**
 * The checks cdktf would run at `app.synth()`, less the Terraform version checks, for an app
 * created with `skipValidation: true`.
 *
 * cdktf adds a validation that runs `terraform version` (a child process each, about 0.1 s) to
 * every `terraform_data` resource, every stack with a `moved` block and every cloud backend. They
 * made the synth need a Terraform binary on the PATH, and half a second slower. Every stack declares
 * `terraform.required_version` (`src/config/versions.ts`, stricter than any of them), which the
 * Terraform that runs the stack enforces at `init`. What stays: every resource's provider is
 * configured in its stack. Constructs check their props in their constructors, never with
 * `node.addValidation` (a project rule): such a check would be skipped here.
 */
export function validateStacks(app: App): string[] {
  return app.node
    .findAll()
    .filter((node): node is TerraformStack => TerraformStack.isStack(node))
    .flatMap((stack) => new ValidateProviderPresence(stack).validate().map((error) => `[${stack.node.path}] ${error}`));
}
