import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { DataAwsPartition } from "@cdktf/provider-aws/lib/data-aws-partition";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { Aspects, IAspect, TerraformStack } from "cdktf";
import { Construct, IConstruct } from "constructs";
import { AwsEnvironment } from "../aws-environment";
import { ciBoundaryPolicyName, ENVIRONMENT_TYPE_TAG } from "../naming";
import { BackendConfig } from "../config/schema";
import { markEnvironmentType } from "../rules/environment-type";
import { configureBackend } from "./backend";

export interface AwsStackProps {
  readonly project: string;
  /** Environment name for the `environment` tag; `bootstrap` for the bootstrap stack. */
  readonly environment: string;
  readonly region: string;
  /** The provider refuses to touch any other account (`allowed_account_ids`). */
  readonly accountId: string;
  readonly backend: BackendConfig;
  /** Extra tags on every resource, merged under the five standard ones (the environment file's `tags`). */
  readonly tags: Record<string, string>;
  /**
   * The environment file's `environmentType`: recorded in the stack's JSON for the rule pack (RW-DATA-1 applies to
   * production) and in the `environment-type` tag of every resource, for the plan review.
   */
  readonly environmentType: "production" | "non-production";
  /**
   * Deployed by CI: every IAM role of the stack gets the environment's permissions boundary (the
   * bootstrap stack creates it; the deploy role can create roles only with it). @default - no boundary
   */
  readonly ci?: object;
}

/** Sets `permissions_boundary` on every IAM role that has none, so a role added later cannot forget it. */
export class PermissionsBoundaryAspect implements IAspect {
  constructor(private readonly boundaryArn: string) {}

  visit(node: IConstruct): void {
    if (node instanceof IamRole && node.permissionsBoundaryInput === undefined) node.permissionsBoundary = this.boundaryArn;
  }
}

/**
 * A stack that talks to AWS: one provider pinned to one account, `default_tags` on every
 * resource (project, environment, stack, managed-by, environment-type), and its state backend.
 */
export abstract class AwsStack extends TerraformStack {
  public readonly aws: AwsEnvironment;

  constructor(scope: Construct, name: string, props: AwsStackProps) {
    super(scope, name);
    new AwsProvider(this, "aws", {
      region: props.region,
      allowedAccountIds: [props.accountId],
      defaultTags: [
        {
          tags: {
            ...props.tags,
            project: props.project,
            environment: props.environment,
            stack: name,
            "managed-by": "cdktf",
            // Read back from the prior state by the plan review, where a change to the environment file cannot lower it.
            [ENVIRONMENT_TYPE_TAG]: props.environmentType,
          },
        },
      ],
    });
    configureBackend(this, props.backend, { stackName: name, region: props.region, project: props.project, accountId: props.accountId });
    markEnvironmentType(this, props.environmentType);
    const partition = new DataAwsPartition(this, "partition");
    this.aws = { accountId: props.accountId, region: props.region, partition: partition.partition };
    if (props.ci) {
      const boundary =
        `arn:${partition.partition}:iam::${props.accountId}:` + `policy/${ciBoundaryPolicyName(props.project, props.environment)}`;
      Aspects.of(this).add(new PermissionsBoundaryAspect(boundary));
    }
  }
}
