import { DataAwsIamPolicyDocumentStatement } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { AwsEnvironment } from "../../aws-environment";

/**
 * What the CodeBuild service role of the in-VPC runner may call, and nothing more. Every job that
 * runs on the runner can read these credentials (CodeBuild hands the service role to the build
 * container), so they hold only what CodeBuild itself needs to run a build: its log stream, the
 * network interface of a VPC build (in the runner's subnets, with the runner's security group only),
 * and the GitHub connection's token to register the runner.
 * The deploy job gets its own power through GitHub's OIDC token and the deploy role's trust
 * (the security boundary: any workflow of the repository can ask for this runner's label).
 */
export const RUNNER_ACTIONS = {
  logs: ["logs:CreateLogStream", "logs:PutLogEvents"],
  /**
   * AWS's list for a CodeBuild project in a VPC (CodeBuild user guide, "Allow CodeBuild access to AWS
   * services required to create a VPC network interface").
   */
  networkReads: [
    "ec2:DescribeDhcpOptions",
    "ec2:DescribeNetworkInterfaces",
    "ec2:DescribeSubnets",
    "ec2:DescribeSecurityGroups",
    "ec2:DescribeVpcs",
  ],
  createNetworkInterface: ["ec2:CreateNetworkInterface"],
  deleteNetworkInterface: ["ec2:DeleteNetworkInterface"],
  networkInterfacePermission: ["ec2:CreateNetworkInterfacePermission"],
  /** The GitHub App's token, through the connection (CodeBuild user guide, "GitHub App connections"). */
  connection: ["codeconnections:GetConnection", "codeconnections:GetConnectionToken", "codeconnections:UseConnection"],
} as const;

export interface RunnerPermissionsInput {
  readonly environment: AwsEnvironment;
  /** ARN of the runner's log group (without `:*`). */
  readonly logGroupArn: string;
  /** The private subnets the builds run in. */
  readonly subnetIds: readonly string[];
  /** ARN of the runner's own security group, the only one its builds' interfaces may carry. */
  readonly securityGroupArn: string;
  /** ARN of the GitHub connection (CodeConnections). */
  readonly connectionArn: string;
}

/** The statements of the runner's service role (see {@link RUNNER_ACTIONS}). */
export function runnerPermissions(input: RunnerPermissionsInput): DataAwsIamPolicyDocumentStatement[] {
  const { partition, region, accountId } = input.environment;
  const ec2 = (resource: string) => `arn:${partition}:ec2:${region}:${accountId}:${resource}`;
  const subnetArns = input.subnetIds.map((id) => ec2(`subnet/${id}`));
  return [
    { sid: "WriteItsOwnLogs", actions: [...RUNNER_ACTIONS.logs], resources: [input.logGroupArn, `${input.logGroupArn}:*`] },
    // Describe calls take no resource ARN (IAM: "*" only); they read network configuration, never data.
    { sid: "ReadTheNetwork", actions: [...RUNNER_ACTIONS.networkReads], resources: ["*"] },
    // CreateNetworkInterface is authorized against the new interface, its subnet and each of its security
    // groups: naming only the runner's subnets and group keeps a job holding these credentials from placing
    // an interface in a public or database subnet, or from dressing one in the nodes' or the cluster's group.
    {
      sid: "CreateInterfacesOnlyInTheRunnersSubnetsWithItsGroup",
      actions: [...RUNNER_ACTIONS.createNetworkInterface],
      resources: [ec2("network-interface/*"), ...subnetArns, input.securityGroupArn],
    },
    // A delete names only the interface; IAM's list of EC2 actions gives DeleteNetworkInterface the
    // `ec2:Subnet` key of the interface's subnet, so the runner removes only interfaces in its own subnets.
    {
      sid: "DeleteInterfacesOnlyInTheRunnersSubnets",
      actions: [...RUNNER_ACTIONS.deleteNetworkInterface],
      resources: [ec2("network-interface/*")],
      condition: [{ test: "ArnEquals", variable: "ec2:Subnet", values: subnetArns }],
    },
    {
      sid: "AttachInterfacesOnlyInTheRunnersSubnetsForCodeBuild",
      actions: [...RUNNER_ACTIONS.networkInterfacePermission],
      resources: [ec2("network-interface/*")],
      condition: [
        { test: "ArnEquals", variable: "ec2:Subnet", values: subnetArns },
        { test: "StringEquals", variable: "ec2:AuthorizedService", values: ["codebuild.amazonaws.com"] },
      ],
    },
    { sid: "UseTheGithubConnection", actions: [...RUNNER_ACTIONS.connection], resources: [input.connectionArn] },
  ];
}
