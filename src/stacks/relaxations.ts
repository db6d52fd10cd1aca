import { TerraformResource } from "cdktf";
import { EnvironmentConfig } from "../config/schema";
import { suppress } from "../rules/suppress";

/**
 * Records a cost relaxation that the environment file asked for (a shorter backup window, no
 * deletion protection, HTTP only, ...) as a suppression of the security rule it breaks. Only
 * non-production environments may take one: the environment validation refuses them in
 * production, and this refuses them again should the validation ever miss one.
 */
export function nonProductionRelaxation(config: EnvironmentConfig, resource: TerraformResource, rule: string, what: string): void {
  if (config.environmentType === "production") {
    throw new Error(`${resource.node.path}: ${rule} cannot be relaxed in a production environment (${what})`);
  }
  suppress(resource, rule, `non-production environment (${config.name}): ${what}, set in its environment file; production refuses this`);
}
