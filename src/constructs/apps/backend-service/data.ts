import { DataAwsIamPolicyDocumentStatement } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { SecretsmanagerSecret } from "@cdktf/provider-aws/lib/secretsmanager-secret";
import { Construct } from "constructs";
import { AwsEnvironment } from "../../../aws-environment";
import { EnvironmentConfig, secretRecoveryDaysOf, ServiceConfig } from "../../../config/schema";
import { Naming } from "../../../naming";
import { PodIdentityRole } from "../../identity/pod-identity-role";
import { ImageRepository } from "../../storage/ecr-repository";

/** What the apps stack needs of a service's data (`ServiceDataOutputs` of the stack contracts). */
export interface BackendServiceDataOutputs {
  /** URL of the service's ECR repository (`<account>.dkr.ecr.<region>.amazonaws.com/<name>`), without a tag. */
  readonly repositoryUrl: string;
  /** ARN of the service's Secrets Manager secret (its values are set outside Terraform). */
  readonly secretArn: string;
  /** ARN of the service's IAM role, to associate with its service account through EKS Pod Identity. */
  readonly roleArn: string;
}

/** The data stack: a construct scope that knows its account, partition and region. */
export type DataStackScope = Construct & { readonly aws: AwsEnvironment };

export interface BackendServiceDataProps {
  readonly config: EnvironmentConfig;
  /** The service, one of `config.services`. */
  readonly service: ServiceConfig;
  /** The data key: encrypts the repository and the secret; the role may use it through S3 and Secrets Manager. */
  readonly kmsKeyArn: string;
  /** The assets bucket: the role may use the prefix `<service>/` of it. */
  readonly assetsBucketArn: string;
  /** The Aurora cluster's resource id (`cluster-...`): the role may connect as the service's database user. */
  readonly databaseClusterResourceId: string;
  /** Make Terraform refuse any plan that destroys the repository or the secret (production). */
  readonly preventDestroy: boolean;
}

/**
 * The data stack's part of one backend service: its ECR repository, its secret and its IAM role
 * with the role's grants (its own S3 prefix, database user, secret and the data key). The apps
 * stack reads it as `DataOutputs.services[name]`.
 *
 * Not a construct on purpose: its resources are created directly in the data stack's scope, with
 * the ids they always had (`Repository-<name>`, `Secret-<name>`, `ServiceRole-<name>`), so their
 * Terraform addresses stay those recorded in `__tests__/stateful-addresses.test.ts`; a wrapping
 * construct would add its id to every address and Terraform would replace the repository and
 * the secret.
 */
export class BackendServiceData {
  public readonly repository: ImageRepository;
  /** Third-party credentials of the service; values are set outside Terraform, never in state. */
  public readonly secret: SecretsmanagerSecret;
  /** The service's IAM role (its Pod Identity association is in the apps stack, which has the cluster). */
  public readonly role: PodIdentityRole;
  /** What the apps stack needs of it. */
  public readonly outputs: BackendServiceDataOutputs;

  constructor(stack: DataStackScope, props: BackendServiceDataProps) {
    const { config, service, preventDestroy } = props;
    const naming = new Naming(config);
    this.repository = new ImageRepository(stack, `Repository-${service.name}`, {
      repositoryName: naming.ecrRepository(service.name),
      kmsKeyArn: props.kmsKeyArn,
      untaggedExpirationDays: config.registry.untaggedExpirationDays,
      throwawayTagPrefixes: config.registry.throwawayTagPrefixes,
      throwawayExpirationDays: config.registry.throwawayExpirationDays,
      forceDelete: config.storage.forceDestroy,
      preventDestroy,
    });
    this.secret = new SecretsmanagerSecret(stack, `Secret-${service.name}`, {
      name: naming.serviceSecret(service.name),
      description: `Credentials of ${service.name} (set with aws secretsmanager put-secret-value; never in Terraform state)`,
      kmsKeyId: props.kmsKeyArn,
      recoveryWindowInDays: secretRecoveryDaysOf(config),
      // Its values are set outside Terraform: a destroyed secret cannot be re-created from here.
      lifecycle: preventDestroy ? { preventDestroy: true } : undefined,
    });
    this.role = new PodIdentityRole(stack, `ServiceRole-${service.name}`, {
      environment: stack.aws,
      roleName: naming.role(service.name),
      clusterName: naming.eksCluster,
      namespace: service.name,
      serviceAccount: service.name,
      statements: this.statements(stack, props),
      associate: false,
    });
    this.outputs = {
      repositoryUrl: this.repository.repository.repositoryUrl,
      secretArn: this.secret.arn,
      roleArn: this.role.role.arn,
    };
  }

  /** The service may use its own S3 prefix, connect to the database as its own user, and read its own secret. */
  private statements(stack: DataStackScope, props: BackendServiceDataProps): DataAwsIamPolicyDocumentStatement[] {
    const { partition, region, accountId } = stack.aws;
    const { service, assetsBucketArn: bucketArn } = props;
    const statements: DataAwsIamPolicyDocumentStatement[] = [
      {
        sid: "ListOwnPrefix",
        actions: ["s3:ListBucket"],
        resources: [bucketArn],
        condition: [{ test: "StringLike", variable: "s3:prefix", values: [`${service.name}/*`] }],
      },
      {
        sid: "ObjectsUnderOwnPrefix",
        actions: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
        resources: [`${bucketArn}/${service.name}/*`],
      },
      {
        sid: "ReadOwnSecret",
        actions: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"],
        resources: [this.secret.arn],
      },
      {
        sid: "UseDataKeyThroughS3AndSecretsManager",
        actions: ["kms:Decrypt", "kms:GenerateDataKey"],
        resources: [props.kmsKeyArn],
        condition: [
          {
            test: "StringEquals",
            variable: "kms:ViaService",
            values: [`s3.${region}.amazonaws.com`, `secretsmanager.${region}.amazonaws.com`],
          },
        ],
      },
    ];
    if (service.databaseUser) {
      statements.push({
        sid: "ConnectAsOwnDatabaseUser",
        actions: ["rds-db:connect"],
        resources: [`arn:${partition}:rds-db:${region}:${accountId}:dbuser:${props.databaseClusterResourceId}/${service.databaseUser}`],
      });
    }
    return statements;
  }
}
