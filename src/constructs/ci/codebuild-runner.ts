import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { CodebuildProject } from "@cdktf/provider-aws/lib/codebuild-project";
import { CodebuildWebhook } from "@cdktf/provider-aws/lib/codebuild-webhook";
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { AwsEnvironment } from "../../aws-environment";
import { runnerPermissions } from "./runner-permissions";

/**
 * The build machine: the smallest Linux compute CodeBuild offers (per-minute billing, 3 GB, 2 vCPU)
 * and its Ubuntu image, pinned by name (the image GitHub's own Ubuntu runners resemble most, so the
 * workflows' actions behave the same on both). x86_64 like the GitHub-hosted jobs, so the
 * Terraform providers the apps jobs install are those of the other jobs.
 */
export const RUNNER_COMPUTE_TYPE = "BUILD_GENERAL1_SMALL";
export const RUNNER_ENVIRONMENT_TYPE = "LINUX_CONTAINER";
export const RUNNER_IMAGE = "aws/codebuild/standard:7.0";

/**
 * Builds at once: one. CodeBuild refuses a project whose limit is above the account's quota of running
 * builds for the compute type (Service Quotas: "Concurrently running builds for Linux/Small environment",
 * reported at 1 for new accounts; the preflight's account stage reads it), and the apps jobs of an
 * environment run one after the other (plan, then apply, in the deploy workflow's concurrency group).
 */
export const RUNNER_CONCURRENT_BUILDS = 1;

/** The only webhook event the runner starts on: a workflow job asking for its label was queued. */
export const RUNNER_WEBHOOK_EVENT = "WORKFLOW_JOB_QUEUED";

/** The label a job asks for to run on a CodeBuild runner project (CodeBuild's convention). */
export function codebuildRunsOn(projectName: string): string {
  return `codebuild-${projectName}-\${{ github.run_id }}-\${{ github.run_attempt }}`;
}

export interface CodebuildRunnerProps {
  readonly environment: AwsEnvironment;
  /** Name of the CodeBuild project; jobs select the runner with `codebuild-<projectName>-<run id>-<attempt>`. */
  readonly projectName: string;
  /** Name of its service role (under the environment's permissions boundary, which the stack adds). */
  readonly roleName: string;
  /** Name of its security group. */
  readonly securityGroupName: string;
  /** `owner/name` of the GitHub repository whose workflow jobs it runs. */
  readonly repository: string;
  /** ARN of the account's GitHub connection (CodeConnections), approved in the console. */
  readonly connectionArn: string;
  readonly vpcId: string;
  /** The private subnets (a route out through NAT, no public IP): CodeBuild never gives a VPC build a public address. */
  readonly privateSubnetIds: readonly string[];
  /** The security group of the cluster's API endpoint: it admits the runner on 443. */
  readonly apiSecurityGroupId: string;
  readonly logGroupName: string;
  /** Retention of the build logs, days. The environment file owns the value (`cluster.logRetentionDays`). */
  readonly logRetentionDays: number;
  /** Key of the log group; its policy must admit CloudWatch Logs. @default - CloudWatch Logs' own encryption */
  readonly logKmsKeyArn?: string;
  /** Terraform refuses a plan that destroys the log group (production: it holds the logs). @default false */
  readonly preventDestroy?: boolean;
  /**
   * Longest job, minutes (the apps apply's `timeout-minutes`); CodeBuild stops the build after it.
   * @default 180
   */
  readonly buildTimeoutMinutes?: number;
  /**
   * Builds at once, at most the account's CodeBuild quota for the compute type. The apps jobs of one
   * environment run one at a time (the deploy workflow's concurrency group); a low ceiling also caps the
   * cost of any workflow that asks for the label in a loop.
   * @default RUNNER_CONCURRENT_BUILDS (1)
   */
  readonly concurrentBuildLimit?: number;
}

/**
 * A GitHub Actions runner that CodeBuild starts per job, inside the VPC: a CodeBuild project in
 * the private subnets with a security group of its own (egress 443 only; the cluster API admits it
 * on 443), a webhook that starts a build when a workflow job asking for its label is queued, a log
 * group with retention, and a service role that holds only what CodeBuild needs to run it. Builds
 * run only while a job runs: nothing is paid between deploys.
 */
export class CodebuildRunner extends Construct {
  public readonly project: CodebuildProject;
  public readonly webhook: CodebuildWebhook;
  public readonly securityGroup: SecurityGroup;
  public readonly logGroup: CloudwatchLogGroup;
  public readonly role: IamRole;

  constructor(scope: Construct, id: string, props: CodebuildRunnerProps) {
    super(scope, id);
    const problems: string[] = [];
    if (!Token.isUnresolved(props.repository) && !/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/.test(props.repository)) {
      problems.push(`repository: ${JSON.stringify(props.repository)} must be a GitHub repository as owner/name`);
    }
    if (!Token.isUnresolved(props.projectName) && !/^[A-Za-z0-9][A-Za-z0-9_-]{1,149}$/.test(props.projectName)) {
      problems.push(`projectName: ${JSON.stringify(props.projectName)} must be 2-150 letters, digits, - or _ (CodeBuild's rule)`);
    }
    if (props.privateSubnetIds.length === 0) problems.push("privateSubnetIds: must name at least one private subnet");
    if (problems.length > 0) throw new Error(`CodebuildRunner ${id}:\n  ${problems.join("\n  ")}`);
    const { accountId, partition, region } = props.environment;

    this.securityGroup = new SecurityGroup(this, "SecurityGroup", {
      name: props.securityGroupName,
      description: `CI runner ${props.projectName}: GitHub Actions jobs in the VPC, reaching GitHub, AWS and the cluster API on 443`,
      vpcId: props.vpcId,
      tags: { Name: props.securityGroupName },
    });
    // DNS goes to the VPC's resolver, which security groups do not filter: HTTPS is the only way out.
    new VpcSecurityGroupEgressRule(this, "HttpsOut", {
      securityGroupId: this.securityGroup.id,
      cidrIpv4: "0.0.0.0/0",
      ipProtocol: "tcp",
      fromPort: 443,
      toPort: 443,
      description: "HTTPS to GitHub, the AWS APIs, the package registries and the cluster's private API endpoint",
    });
    new VpcSecurityGroupIngressRule(this, "ApiFromRunner", {
      securityGroupId: props.apiSecurityGroupId,
      referencedSecurityGroupId: this.securityGroup.id,
      ipProtocol: "tcp",
      fromPort: 443,
      toPort: 443,
      description: `Kubernetes API from the CI runner ${props.projectName} (the apps stack's plan and apply)`,
    });

    this.logGroup = new CloudwatchLogGroup(this, "LogGroup", {
      name: props.logGroupName,
      retentionInDays: props.logRetentionDays,
      kmsKeyId: props.logKmsKeyArn,
      lifecycle: props.preventDestroy ? { preventDestroy: true } : undefined,
    });

    const projectArn = `arn:${partition}:codebuild:${region}:${accountId}:project/${props.projectName}`;
    const trust = new DataAwsIamPolicyDocument(this, "TrustPolicy", {
      statement: [
        {
          principals: [{ type: "Service", identifiers: ["codebuild.amazonaws.com"] }],
          actions: ["sts:AssumeRole"],
          // Only this project of this account (no confused deputy).
          condition: [
            { test: "StringEquals", variable: "aws:SourceAccount", values: [accountId] },
            { test: "ArnLike", variable: "aws:SourceArn", values: [projectArn] },
          ],
        },
      ],
    });
    this.role = new IamRole(this, "Role", {
      name: props.roleName,
      description: `Service role of the CI runner ${props.projectName}: logs, its network interfaces, the GitHub connection`,
      assumeRolePolicy: trust.json,
    });
    const permissions = new DataAwsIamPolicyDocument(this, "Permissions", {
      statement: runnerPermissions({
        environment: props.environment,
        logGroupArn: this.logGroup.arn,
        subnetIds: props.privateSubnetIds,
        securityGroupArn: this.securityGroup.arn,
        connectionArn: props.connectionArn,
      }),
    });
    const policy = new IamRolePolicy(this, "RolePolicy", { role: this.role.id, name: "runner", policy: permissions.json });

    this.project = new CodebuildProject(this, "Project", {
      name: props.projectName,
      description: `GitHub Actions runner inside the VPC for ${props.repository} (jobs ask for codebuild-${props.projectName}-...)`,
      serviceRole: this.role.arn,
      buildTimeout: props.buildTimeoutMinutes ?? 180,
      concurrentBuildLimit: props.concurrentBuildLimit ?? RUNNER_CONCURRENT_BUILDS,
      source: {
        type: "GITHUB",
        location: `https://github.com/${props.repository}.git`,
        auth: { type: "CODECONNECTIONS", resource: props.connectionArn },
      },
      artifacts: { type: "NO_ARTIFACTS" },
      environment: {
        computeType: RUNNER_COMPUTE_TYPE,
        type: RUNNER_ENVIRONMENT_TYPE,
        image: RUNNER_IMAGE,
        imagePullCredentialsType: "CODEBUILD",
        privilegedMode: false,
      },
      logsConfig: {
        cloudwatchLogs: { status: "ENABLED", groupName: this.logGroup.name },
        s3Logs: { status: "DISABLED" },
      },
      vpcConfig: {
        vpcId: props.vpcId,
        subnets: [...props.privateSubnetIds],
        securityGroupIds: [this.securityGroup.id],
      },
      // The role must hold its permissions before CodeBuild validates the VPC configuration with it.
      dependsOn: [policy],
    });

    this.webhook = new CodebuildWebhook(this, "Webhook", {
      projectName: this.project.name,
      buildType: "BUILD",
      filterGroup: [{ filter: [{ type: "EVENT", pattern: RUNNER_WEBHOOK_EVENT }] }],
    });
  }
}
