import { EksAddon } from "@cdktf/provider-aws/lib/eks-addon";
import { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";

export interface AddonSpec {
  /** EKS add-on name, e.g. `vpc-cni`. */
  readonly name: string;
  /** Pinned version, e.g. `v1.23.1-eksbuild.1`. */
  readonly version: string;
  /** Add-on configuration, serialized to JSON. @default - the add-on's defaults */
  readonly configuration?: Record<string, unknown>;
  /** Role for the add-on's service account through Pod Identity. @default - none */
  readonly podIdentity?: { readonly roleArn: string; readonly serviceAccount: string };
}

export interface EksAddonsProps {
  readonly clusterName: string;
  readonly addons: readonly AddonSpec[];
  /** Created only after these (e.g. node groups for add-ons that need nodes). @default - none */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * A set of EKS add-ons at pinned versions. EKS's own values win over manual edits on create and
 * update, so the cluster converges on what is declared here.
 */
export class EksAddons extends Construct {
  public readonly addons: EksAddon[];
  /** The same add-ons by add-on name. */
  public readonly byName: Readonly<Record<string, EksAddon>>;

  constructor(scope: Construct, id: string, props: EksAddonsProps) {
    super(scope, id);
    this.addons = props.addons.map(
      (addon) =>
        new EksAddon(this, addon.name, {
          clusterName: props.clusterName,
          addonName: addon.name,
          addonVersion: addon.version,
          configurationValues: addon.configuration ? JSON.stringify(addon.configuration) : undefined,
          resolveConflictsOnCreate: "OVERWRITE",
          resolveConflictsOnUpdate: "OVERWRITE",
          podIdentityAssociation: addon.podIdentity
            ? [{ roleArn: addon.podIdentity.roleArn, serviceAccount: addon.podIdentity.serviceAccount }]
            : undefined,
          dependsOn: props.dependsOn,
        }),
    );
    this.byName = Object.fromEntries(props.addons.map((addon, i) => [addon.name, this.addons[i]]));
  }
}
