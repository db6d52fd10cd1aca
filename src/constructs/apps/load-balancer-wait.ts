import { DataResource, ITerraformDependable } from "cdktf";
import { Construct } from "constructs";

export interface LoadBalancerWaitProps {
  readonly region: string;
  /** Tags the controller puts on the group's ALB: how it is found once it exists. */
  readonly loadBalancerTags: Record<string, string>;
  /** The Helm releases whose Ingresses make the controller create the ALB. */
  readonly dependsOn: ITerraformDependable[];
  /** Values that, when they change, mean another ALB (e.g. the group name): the wait runs again. */
  readonly triggers: string[];
  /** Seconds to wait for the ALB before the apply fails. @default 900 */
  readonly timeoutSeconds?: number;
}

/** A POSIX shell value in single quotes. */
const quote = (value: string) => `'${value.replace(/'/g, `'\\''`)}'`;

/**
 * Waits, during apply, until the ALB the Load Balancer Controller creates for the public
 * Ingresses exists and is active, so that what reads it (alarms, dashboard, DNS alias) never
 * looks for an ALB that is not there yet. Helm's `wait` does not cover it: it waits for pods,
 * not for the controller's ALB, and on a first install the readiness gate is not injected yet.
 *
 * A `terraform_data` with a `local-exec` provisioner, built into Terraform: it needs no provider
 * at plan time (the Kubernetes provider cannot be planned before the cluster exists) and runs
 * only when created (first apply, or when a trigger changes). It uses the AWS CLI the deploy
 * already needs for `aws eks get-token`, with the deploy role's credentials: the Resource Groups
 * Tagging API finds the ALB by the controller's tags, then `aws elbv2 wait load-balancer-available`.
 */
export class LoadBalancerWait extends Construct {
  public readonly resource: DataResource;

  constructor(scope: Construct, id: string, props: LoadBalancerWaitProps) {
    super(scope, id);
    const timeout = props.timeoutSeconds ?? 900;
    const filters = Object.entries(props.loadBalancerTags)
      .map(([key, value]) => quote(`Key=${key},Values=${value}`))
      .join(" ");
    const region = quote(props.region);
    const tags = Object.entries(props.loadBalancerTags)
      .map(([k, v]) => `${k}=${v}`)
      .join(", ");
    const script = [
      "set -eu",
      `deadline=$(( $(date +%s) + ${timeout} ))`,
      "while :; do",
      `  arn=$(aws resourcegroupstaggingapi get-resources --region ${region}` +
        " --resource-type-filters elasticloadbalancing:loadbalancer" +
        ` --tag-filters ${filters} --query 'ResourceTagMappingList[0].ResourceARN' --output text)`,
      '  if [ -n "$arn" ] && [ "$arn" != None ]; then' +
        ` aws elbv2 wait load-balancer-available --region ${region} --load-balancer-arns "$arn" && exit 0; fi`,
      `  if [ "$(date +%s)" -ge "$deadline" ]; then echo "No active ALB tagged ${tags} after ${timeout}s:` +
        " read the Ingress events (kubectl describe ingress -A)" +
        ` and the controller's logs (kubectl -n kube-system logs deploy/aws-load-balancer-controller)" >&2; exit 1; fi`,
      "  sleep 15",
      "done",
    ].join("\n");
    this.resource = new DataResource(this, "Default", {
      triggersReplace: { triggers: props.triggers },
      provisioners: [{ type: "local-exec", command: script, interpreter: ["/bin/sh", "-c"] }],
      dependsOn: props.dependsOn,
    });
  }
}
