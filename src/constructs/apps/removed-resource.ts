import { TerraformElement } from "cdktf";
import { Construct } from "constructs";

export interface RemovedResourceProps {
  /** Terraform type of the resource that used to live at this construct path, e.g. `kubernetes_deployment_v1`. */
  readonly resourceType: string;
}

/**
 * A Terraform `removed` block (Terraform 1.7+) with `lifecycle { destroy = false }`: Terraform
 * forgets the resource that used to be at this construct path, and leaves the object itself in
 * place (another owner, such as a Helm release, takes it over). cdktf 0.21 has no class for
 * `removed`; this element emits one. Place it with the id the old resource had, under the same
 * scope: its logical id is then the old resource's, with the same hash.
 */
export class RemovedResource extends TerraformElement {
  public readonly resourceType: string;

  constructor(scope: Construct, id: string, props: RemovedResourceProps) {
    super(scope, id, "removed");
    this.resourceType = props.resourceType;
  }

  /** The address Terraform forgets, e.g. `kubernetes_deployment_v1.Service-trips-api_Deployment_D7925C4D`. */
  public get address(): string {
    return `${this.resourceType}.${this.cdktfStack.getLogicalId(this)}`;
  }

  public toTerraform(): Record<string, unknown> {
    // Arrays of every element are concatenated into the stack's JSON: one block per element.
    return { removed: [{ from: this.address, lifecycle: { destroy: false } }] };
  }
}
