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

/**
 * The wait, the same text in every environment (the plan review lets apply-time code run only when its hash is
 * in `src/review/approved-commands.ts`): the region, the tag filters and the timeout come as environment
 * variables, quoted where they are data; the tag filters (`Key=k,Values=v`, no spaces or globs) split into words.
 */
export const LOAD_BALANCER_WAIT_SCRIPT = [
  "set -euf",
  "deadline=$(( $(date +%s) + $RW_TIMEOUT ))",
  "while :; do",
  '  arn=$(aws resourcegroupstaggingapi get-resources --region "$RW_REGION"' +
    " --resource-type-filters elasticloadbalancing:loadbalancer" +
    " --tag-filters $RW_TAG_FILTERS --query 'ResourceTagMappingList[0].ResourceARN' --output text)",
  '  if [ -n "$arn" ] && [ "$arn" != None ]; then' +
    ' aws elbv2 wait load-balancer-available --region "$RW_REGION" --load-balancer-arns "$arn" && exit 0; fi',
  '  if [ "$(date +%s)" -ge "$deadline" ]; then echo "No active ALB tagged $RW_TAGS after $RW_TIMEOUT seconds:' +
    " read the Ingress events (kubectl describe ingress -A)" +
    " and the controller's logs (kubectl -n kube-system logs deploy/aws-load-balancer-controller)\" >&2; exit 1; fi",
  "  sleep 15",
  "done",
].join("\n");

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
    const spaced = Object.entries(props.loadBalancerTags).filter(([k, v]) => /[\s,]/.test(`${k}${v}`));
    if (spaced.length > 0)
      throw new Error(
        `${this.node.path}: loadBalancerTags ${spaced.map(([k]) => k).join(", ")}: a tag key or value with a space or comma ` +
          "cannot be a tag filter of the wait (the filters are split on spaces)",
      );
    const environment = {
      RW_REGION: props.region,
      RW_TAG_FILTERS: Object.entries(props.loadBalancerTags)
        .map(([key, value]) => `Key=${key},Values=${value}`)
        .join(" "),
      RW_TAGS: Object.entries(props.loadBalancerTags)
        .map(([k, v]) => `${k}=${v}`)
        .join(", "),
      RW_TIMEOUT: String(timeout),
    };
    this.resource = new DataResource(this, "Default", {
      triggersReplace: { triggers: props.triggers },
      provisioners: [{ type: "local-exec", command: LOAD_BALANCER_WAIT_SCRIPT, interpreter: ["/bin/sh", "-c"], environment }],
      dependsOn: props.dependsOn,
    });
  }
}
