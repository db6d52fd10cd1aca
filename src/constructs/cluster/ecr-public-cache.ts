import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { EcrPullThroughCacheRule } from "@cdktf/provider-aws/lib/ecr-pull-through-cache-rule";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { Construct } from "constructs";
import { partitionOf } from "../../naming";

/** Repository prefix of images cached from ECR Public: `<account>.dkr.ecr.<region>.<suffix>/ecr-public/<upstream path>`. */
export const ECR_PUBLIC_CACHE_PREFIX = "ecr-public";
/** The upstream registry ECR pulls through (ECR Public needs no credentials). */
export const ECR_PUBLIC_REGISTRY = "public.ecr.aws";

export interface EcrPublicCacheProps {
  readonly accountId: string;
  readonly region: string;
  /** `aws`, `aws-cn`, `aws-us-gov`. */
  readonly partition: string;
  /** Name of the nodes' role: the kubelet pulls with it. */
  readonly nodeRoleName: string;
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
  public readonly nodePolicy: IamRolePolicy;
  public readonly prefix: string;

  constructor(scope: Construct, id: string, props: EcrPublicCacheProps) {
    super(scope, id);
    this.prefix = props.prefix ?? ECR_PUBLIC_CACHE_PREFIX;
    this.rule = new EcrPullThroughCacheRule(this, "Default", { ecrRepositoryPrefix: this.prefix, upstreamRegistryUrl: ECR_PUBLIC_REGISTRY });
    const policy = new DataAwsIamPolicyDocument(this, "NodePolicy", {
      statement: [
        {
          sid: "PullThroughCache",
          actions: ["ecr:BatchImportUpstreamImage", "ecr:CreateRepository"],
          resources: [`arn:${props.partition}:ecr:${props.region}:${props.accountId}:repository/${this.prefix}/*`],
        },
      ],
    });
    this.nodePolicy = new IamRolePolicy(this, "NodeRolePolicy", { name: "ecr-public-pull-through-cache", role: props.nodeRoleName, policy: policy.json });
  }

  /** The cached location of an ECR Public repository path (e.g. `eks/aws-load-balancer-controller`) in this account and region. */
  static repositoryUrl(accountId: string, region: string, upstreamPath: string, prefix = ECR_PUBLIC_CACHE_PREFIX): string {
    const suffix = partitionOf(region) === "aws-cn" ? "amazonaws.com.cn" : "amazonaws.com";
    return `${accountId}.dkr.ecr.${region}.${suffix}/${prefix}/${upstreamPath}`;
  }
}
