import { EnvironmentConfig } from "../config/schema";

/** A service-linked role an apply needs: AWS creates it on first use, with the credentials of the caller at that moment. */
export interface ServiceLinkedRole {
  readonly roleName: string;
  /** The `iam:AWSServiceName` it is created for (`aws iam create-service-linked-role --aws-service-name`). */
  readonly service: string;
  /** What needs it and who creates it on first use, for the report. */
  readonly why: string;
}

/**
 * The service-linked roles the stacks of an environment need. An allow-list of what the stacks use;
 * a new service in a stack that creates one on first use belongs here. Not listed, because the stacks
 * create the role they use themselves: AWS Backup (its own service role), flow logs, the cluster and
 * node roles. Not listed either: WAF (logs to CloudWatch Logs through the log group's resource policy).
 */
export function serviceLinkedRoles(config: Pick<EnvironmentConfig, "cluster" | "services">): ServiceLinkedRole[] {
  const roles: ServiceLinkedRole[] = [
    {
      roleName: "AWSServiceRoleForAmazonEKS",
      service: "eks.amazonaws.com",
      why: "EKS manages the cluster's network interfaces with it; the cluster stack's deploy role creates it with the cluster",
    },
    {
      roleName: "AWSServiceRoleForAmazonEKSNodegroup",
      service: "eks-nodegroup.amazonaws.com",
      why: "EKS runs the managed node groups with it; the cluster stack's deploy role creates it with the first node group",
    },
    {
      roleName: "AWSServiceRoleForAutoScaling",
      service: "autoscaling.amazonaws.com",
      why: "each managed node group is an Auto Scaling group, which launches and replaces nodes with it",
    },
    {
      roleName: "AWSServiceRoleForRDS",
      service: "rds.amazonaws.com",
      why: "Aurora places the database's network interfaces with it; the data stack's deploy role creates it with the database",
    },
  ];
  if (config.services.some((service) => service.public)) {
    roles.push({
      roleName: "AWSServiceRoleForElasticLoadBalancing",
      service: "elasticloadbalancing.amazonaws.com",
      why: "the public services' ALB is created by the Load Balancer Controller, whose role may create this one on the first ALB",
    });
  }
  if (config.cluster.karpenter?.nodePools.some((pool) => pool.capacityTypes.includes("spot"))) {
    roles.push({
      roleName: "AWSServiceRoleForEC2Spot",
      service: "spot.amazonaws.com",
      why: "Karpenter launches Spot nodes through CreateFleet, which needs it; Karpenter's role may create it on the first Spot launch",
    });
  }
  return roles;
}
