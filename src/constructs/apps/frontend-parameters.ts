import { SsmParameter } from "@cdktf/provider-aws/lib/ssm-parameter";
import { Construct } from "constructs";

export interface FrontendParametersProps {
  /** The path every parameter lives under, without a trailing slash (naming.ts `frontendParameterPath`). */
  readonly path: string;
  /** The values by name relative to `path` (`contract`, `api/base-url`...). */
  readonly values: Readonly<Record<string, string>>;
}

/**
 * The front-end contract as SSM parameters: plain `String` (nothing in the contract is secret, so no
 * KMS key and no decrypt permission to hand out), standard tier (free, values up to 4 KB). The front
 * end reads the whole path with `aws ssm get-parameters-by-path` (docs/frontend-contract.md).
 */
export class FrontendParameters extends Construct {
  public readonly parameters: Record<string, SsmParameter> = {};

  constructor(scope: Construct, id: string, props: FrontendParametersProps) {
    super(scope, id);
    for (const [name, value] of Object.entries(props.values)) {
      this.parameters[name] = new SsmParameter(this, name.replace(/\//g, "-"), {
        name: `${props.path}/${name}`,
        type: "String",
        tier: "Standard",
        value,
        description: "Front-end contract (docs/frontend-contract.md); written by the apps stack, do not edit",
      });
    }
  }
}
