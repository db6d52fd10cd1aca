import { EcrLifecyclePolicy } from "@cdktf/provider-aws/lib/ecr-lifecycle-policy";
import { EcrRepository } from "@cdktf/provider-aws/lib/ecr-repository";
import { Construct } from "constructs";

export interface ImageRepositoryProps {
  readonly repositoryName: string;
  readonly kmsKeyArn: string;
  /** Most recent images kept; older ones expire. @default 30 */
  readonly keepImages?: number;
  /** Days before an untagged image expires. @default 7 */
  readonly untaggedExpirationDays?: number;
  /** Let Terraform delete the repository with images in it. @default false */
  readonly forceDelete?: boolean;
  /** Make Terraform refuse any plan that destroys the repository. @default false */
  readonly preventDestroy?: boolean;
}

/**
 * A container image repository: immutable tags (a tag always means the same image), scan on
 * push, encryption with our key, and a lifecycle policy that bounds storage cost.
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
      forceDelete: props.forceDelete ?? false,
      lifecycle: props.preventDestroy ? { preventDestroy: true } : undefined,
    });
    new EcrLifecyclePolicy(this, "Lifecycle", {
      repository: this.repository.name,
      policy: JSON.stringify({
        rules: [
          {
            rulePriority: 1,
            description: "Expire untagged images",
            selection: { tagStatus: "untagged", countType: "sinceImagePushed", countUnit: "days", countNumber: props.untaggedExpirationDays ?? 7 },
            action: { type: "expire" },
          },
          {
            rulePriority: 2,
            description: "Keep only the most recent images",
            selection: { tagStatus: "any", countType: "imageCountMoreThan", countNumber: props.keepImages ?? 30 },
            action: { type: "expire" },
          },
        ],
      }),
    });
  }
}
