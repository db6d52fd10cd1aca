import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { EcrPullThroughCacheRule } from "@cdktf/provider-aws/lib/ecr-pull-through-cache-rule";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { Construct } from "constructs";
import { ECR_PUBLIC_CACHE_PREFIX } from "../../config/catalog";
import { partitionOf } from "../../naming";

export { ECR_PUBLIC_CACHE_PREFIX };
/** The upstream registry ECR pulls through (ECR Public needs no credentials). */
export const ECR_PUBLIC_REGISTRY = "public.ecr.aws";

export interface EcrPublicCacheProps {
  readonly accountId: string;
  readonly region: string;
  /** `aws`, `aws-cn`, `aws-us-gov`. */
  readonly partition: string;
  /** Names of the nodes' roles (managed node groups, Karpenter's nodes): the kubelet pulls with them. */
  readonly nodeRoleNames: readonly string[];
  /** @default "ecr-public" */
  readonly prefix?: string;
}

/**
 * A pull-through cache of ECR Public in the environment's private registry, for clusters without
 * NAT: VPC endpoints serve the private registry (ecr.api, ecr.dkr, S3 for layers) but not
 * `public.ecr.aws`. ECR fetches an image from upstream on its first pull and keeps it in a
 * repository it creates under the prefix, so the puller needs, besides the nodes' pull-only
 * policy, `ecr:BatchImportUpstreamImage` and (first pull of each image) `ecr:CreateRepository`,
 * granted here on the prefix only. ECR Public needs no upstream credentials.
 */
export class EcrPublicCache extends Construct {
  public readonly rule: EcrPullThroughCacheRule;
  public readonly nodePolicies: IamRolePolicy[];
  public readonly prefix: string;

  constructor(scope: Construct, id: string, props: EcrPublicCacheProps) {
    super(scope, id);
    this.prefix = props.prefix ?? ECR_PUBLIC_CACHE_PREFIX;
    this.rule = new EcrPullThroughCacheRule(this, "Default", {
      ecrRepositoryPrefix: this.prefix,
      upstreamRegistryUrl: ECR_PUBLIC_REGISTRY,
    });
    const policy = new DataAwsIamPolicyDocument(this, "NodePolicy", {
      statement: [
        {
          sid: "PullThroughCache",
          actions: ["ecr:BatchImportUpstreamImage", "ecr:CreateRepository"],
          resources: [`arn:${props.partition}:ecr:${props.region}:${props.accountId}:repository/${this.prefix}/*`],
        },
      ],
    });
    // The first role keeps the construct id it had when there was one.
    this.nodePolicies = props.nodeRoleNames.map(
      (role, i) =>
        new IamRolePolicy(this, i === 0 ? "NodeRolePolicy" : `NodeRolePolicy-${i}`, {
          name: "ecr-public-pull-through-cache",
          role,
          policy: policy.json,
        }),
    );
  }

  /** The cached location of an ECR Public repository path (e.g. `eks/aws-load-balancer-controller`) in this account and region. */
  static repositoryUrl(accountId: string, region: string, upstreamPath: string, prefix = ECR_PUBLIC_CACHE_PREFIX): string {
    const suffix = partitionOf(region) === "aws-cn" ? "amazonaws.com.cn" : "amazonaws.com";
    return `${accountId}.dkr.ecr.${region}.${suffix}/${prefix}/${upstreamPath}`;
  }
}
