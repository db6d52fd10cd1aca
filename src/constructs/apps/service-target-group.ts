import { LbTargetGroup } from "@cdktf/provider-aws/lib/lb-target-group";
import { Construct } from "constructs";

export interface ServiceTargetGroupProps {
  /** The service's name: the target group's `service` tag (its own name is generated: AWS allows 32 characters). */
  readonly serviceName: string;
  readonly vpcId: string;
  /** The container port the ALB sends to (target type ip: the pods' addresses). */
  readonly port: number;
  readonly healthPath: string;
}

/**
 * One public service's target group, created by Terraform rather than by the Load Balancer
 * Controller, so its ARN is known to the alarms: every ALB metric of the service (requests, 5xx,
 * connection errors, latency) carries this group's dimension. The chart's TargetGroupBinding
 * registers the pods, and the service's Ingress forwards its path here (docs/design-decisions.md).
 * The health check matches the one the controller would have made.
 */
export class ServiceTargetGroup extends Construct {
  public readonly targetGroup: LbTargetGroup;

  constructor(scope: Construct, id: string, props: ServiceTargetGroupProps) {
    super(scope, id);
    this.targetGroup = new LbTargetGroup(this, "Default", {
      vpcId: props.vpcId,
      targetType: "ip",
      protocol: "HTTP",
      protocolVersion: "HTTP1",
      port: props.port,
      ipAddressType: "ipv4",
      healthCheck: {
        enabled: true,
        protocol: "HTTP",
        port: "traffic-port",
        path: props.healthPath,
        matcher: "200-399",
        interval: 15,
        timeout: 5,
        healthyThreshold: 2,
        unhealthyThreshold: 2,
      },
      tags: { service: props.serviceName },
      // A change of port or protocol replaces the group: the new one exists before the Ingress moves to it.
      lifecycle: { createBeforeDestroy: true },
    });
  }
}
