import { EcrLifecyclePolicy } from "@cdktf/provider-aws/lib/ecr-lifecycle-policy";
import { EcrRepository } from "@cdktf/provider-aws/lib/ecr-repository";
import { Construct } from "constructs";

export interface ImageRepositoryProps {
  readonly repositoryName: string;
  readonly kmsKeyArn: string;
  /** Days before an untagged image expires. The environment file owns the default (`registry.untaggedExpirationDays`). */
  readonly untaggedExpirationDays: number;
  /**
   * Tag prefixes of throwaway builds whose images expire after `throwawayExpirationDays`; every
   * other tagged image is kept. An empty list expires untagged images only.
   * The environment file owns the default (`registry.throwawayTagPrefixes`).
   */
  readonly throwawayTagPrefixes: readonly string[];
  /**
   * Days after push before a throwaway-tagged image expires.
   * The environment file owns the default (`registry.throwawayExpirationDays`).
   */
  readonly throwawayExpirationDays: number;
  /** Let Terraform delete the repository with images in it. The environment file owns the default (`storage.forceDestroy`). */
  readonly forceDelete: boolean;
  /** Make Terraform refuse any plan that destroys the repository. @default false */
  readonly preventDestroy?: boolean;
}

/**
 * A container image repository: immutable tags (a tag always means the same image), scan on
 * push, encryption with our key, and a lifecycle policy that bounds storage cost without ever
 * expiring a release: it expires untagged images and images whose tag starts with a throwaway
 * prefix, and no rule selects any other tag (`tagStatus: any` or `tagged` without a prefix list
 * would expire the image a Deployment runs, and the next reschedule ends in ImagePullBackOff).
 */
export class ImageRepository extends Construct {
  public readonly repository: EcrRepository;

  constructor(scope: Construct, id: string, props: ImageRepositoryProps) {
    super(scope, id);
    this.repository = new EcrRepository(this, "Default", {
      name: props.repositoryName,
      imageTagMutability: "IMMUTABLE",
      imageScanningConfiguration: { scanOnPush: true },
      encryptionConfiguration: [{ encryptionType: "KMS", kmsKey: props.kmsKeyArn }],
      forceDelete: props.forceDelete,
      lifecycle: props.preventDestroy ? { preventDestroy: true } : undefined,
    });
    const prefixes = props.throwawayTagPrefixes;
    const rules: Record<string, unknown>[] = [
      {
        rulePriority: 1,
        description: "Expire untagged images",
        selection: {
          tagStatus: "untagged",
          countType: "sinceImagePushed",
          countUnit: "days",
          countNumber: props.untaggedExpirationDays,
        },
        action: { type: "expire" },
      },
    ];
    // One rule per prefix: ECR selects an image by a tagPrefixList only when it has a tag for
    // *every* prefix listed, so one rule listing pr- and tmp- would select neither kind of build.
    prefixes.forEach((prefix, i) =>
      rules.push({
        rulePriority: 2 + i,
        description: `Expire throwaway builds tagged ${prefix}*; release tags are never selected`,
        selection: {
          tagStatus: "tagged",
          tagPrefixList: [prefix],
          countType: "sinceImagePushed",
          countUnit: "days",
          countNumber: props.throwawayExpirationDays,
        },
        action: { type: "expire" },
      }),
    );
    new EcrLifecyclePolicy(this, "Lifecycle", {
      repository: this.repository.name,
      policy: JSON.stringify({ rules }),
    });
  }
}
