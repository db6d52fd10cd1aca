import { TerraformResource } from "cdktf";

/** A rule switched off for one resource, with the reason, as it travels in `cdk.tf.json`. */
export interface Suppression {
  readonly rule: string;
  readonly reason: string;
}

const suppressions = new WeakMap<TerraformResource, Suppression[]>();

/**
 * Switches a security rule off for one resource. The suppression is written into the resource's
 * `//` block (Terraform ignores it), so the checker, the synth output and the docs table all read
 * it from the synthesized JSON. A reason is required; say why the rule does not apply here.
 */
export function suppress(resource: TerraformResource, rule: string, reason: string): void {
  if (reason.trim().length < 10) throw new Error(`suppress(${resource.node.path}, ${rule}): give a reason`);
  const list = [...(suppressions.get(resource) ?? []), { rule, reason }];
  suppressions.set(resource, list);
  resource.addOverride("//.suppressions", list);
}

/** The suppressions of a synthesized resource. */
export function suppressionsOf(config: Record<string, unknown>): Suppression[] {
  const comment = config["//"] as { suppressions?: Suppression[] } | undefined;
  return comment?.suppressions ?? [];
}
