import {
  CodebuildRunner,
  CodebuildRunnerProps,
  codebuildRunsOn,
  RUNNER_COMPUTE_TYPE,
  RUNNER_CONCURRENT_BUILDS,
  RUNNER_IMAGE,
  RUNNER_WEBHOOK_EVENT,
} from "../../src/constructs/ci/codebuild-runner";
import { all, ENVIRONMENT, Json, one, statements, synthConstruct } from "../support/constructs";
import { decide, Decision, Request, resolveTokens, Statement } from "../support/iam-policy";

const CONNECTION = "arn:aws:codeconnections:eu-central-1:111111111111:connection/0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
const KEY = "arn:aws:kms:eu-central-1:111111111111:key/cluster";
const BASE: CodebuildRunnerProps = {
  environment: ENVIRONMENT,
  projectName: "rw-dev-apps-runner",
  roleName: "rw-dev.apps-runner",
  securityGroupName: "rw-dev-apps-runner",
  repository: "acme/infra",
  connectionArn: CONNECTION,
  vpcId: "vpc-1",
  privateSubnetIds: ["subnet-private-a", "subnet-private-b"],
  apiSecurityGroupId: "sg-cluster-api",
  logGroupName: "/rw/dev/apps-runner",
  logRetentionDays: 30,
  logKmsKeyArn: KEY,
};

function runner(props: Partial<CodebuildRunnerProps> = {}): Json {
  return synthConstruct((scope) => {
    new CodebuildRunner(scope, "Runner", { ...BASE, ...props });
  });
}

const LOG_GROUP_ARN = "arn:aws:logs:eu-central-1:111111111111:log-group:/rw/dev/apps-runner";
const EC2 = "arn:aws:ec2:eu-central-1:111111111111";
const subnet = (id: string) => `${EC2}:subnet/${id}`;
const securityGroup = (id: string) => `${EC2}:security-group/${id}`;
/** The runner's own security group, once Terraform has created it. */
const RUNNER_GROUP = "sg-apps-runner";

describe("CodebuildRunner", () => {
  const json = runner();
  const project = one(json, "aws_codebuild_project");

  test("builds run in the given private subnets only, behind its own security group (a VPC build gets no public IP)", () => {
    expect(project.vpc_config).toEqual({
      vpc_id: "vpc-1",
      subnets: ["subnet-private-a", "subnet-private-b"],
      security_group_ids: [expect.stringMatching(/^\$\{aws_security_group\.Runner_SecurityGroup_\w+\.id\}$/)],
    });
    // No other network setting that could place it elsewhere or give it an address of its own.
    expect(Object.keys(project).filter((k) => /public|network|subnet/i.test(k))).toEqual([]);
  });

  test("its security group lets only HTTPS out, and the cluster's API admits it on 443 (and nothing else)", () => {
    const group = one(json, "aws_security_group");
    // Terraform removes AWS's default allow-all egress when neither inline egress nor ingress is set.
    expect(group.egress).toBeUndefined();
    expect(group.ingress).toBeUndefined();
    expect(all(json, "aws_vpc_security_group_egress_rule")).toEqual([
      expect.objectContaining({ ip_protocol: "tcp", from_port: 443, to_port: 443, cidr_ipv4: "0.0.0.0/0" }),
    ]);
    const ingress = all(json, "aws_vpc_security_group_ingress_rule");
    expect(ingress).toEqual([
      expect.objectContaining({
        security_group_id: "sg-cluster-api",
        referenced_security_group_id: expect.stringMatching(/^\$\{aws_security_group\.Runner_SecurityGroup_\w+\.id\}$/),
        ip_protocol: "tcp",
        from_port: 443,
        to_port: 443,
      }),
    ]);
    expect(ingress[0].cidr_ipv4).toBeUndefined();
  });

  test("a build starts only when a workflow job is queued (one filter group, one EVENT filter)", () => {
    expect(one(json, "aws_codebuild_webhook").filter_group).toEqual([{ filter: [{ type: "EVENT", pattern: "WORKFLOW_JOB_QUEUED" }] }]);
    expect(RUNNER_WEBHOOK_EVENT).toBe("WORKFLOW_JOB_QUEUED");
  });

  test("the GitHub source authenticates through the account's connection, never a token in the project", () => {
    expect(project.source).toEqual({
      type: "GITHUB",
      location: "https://github.com/acme/infra.git",
      auth: { type: "CODECONNECTIONS", resource: CONNECTION },
    });
    expect(all(json, "aws_codebuild_source_credential")).toEqual([]);
  });

  test("the smallest Linux compute, a pinned image name, no privileged mode, no artifacts", () => {
    expect(project.environment).toEqual({
      compute_type: "BUILD_GENERAL1_SMALL",
      type: "LINUX_CONTAINER",
      image: "aws/codebuild/standard:7.0",
      image_pull_credentials_type: "CODEBUILD",
      privileged_mode: false,
    });
    expect([RUNNER_COMPUTE_TYPE, RUNNER_IMAGE]).toEqual(["BUILD_GENERAL1_SMALL", "aws/codebuild/standard:7.0"]);
    expect(project.artifacts).toEqual({ type: "NO_ARTIFACTS" });
  });

  test("its logs go to a log group of its own: the given retention and key, guarded when asked", () => {
    expect(one(json, "aws_cloudwatch_log_group")).toMatchObject({ name: "/rw/dev/apps-runner", retention_in_days: 30, kms_key_id: KEY });
    expect(project.logs_config).toEqual({
      cloudwatch_logs: {
        status: "ENABLED",
        group_name: expect.stringMatching(/^\$\{aws_cloudwatch_log_group\.Runner_LogGroup_\w+\.name\}$/),
      },
      s3_logs: { status: "DISABLED" },
    });
    expect(one(json, "aws_cloudwatch_log_group").lifecycle).toBeUndefined();
    expect(one(runner({ preventDestroy: true }), "aws_cloudwatch_log_group").lifecycle).toEqual({ prevent_destroy: true });
  });

  test("the role is assumed only by CodeBuild for this project of this account (no confused deputy)", () => {
    expect(statements(json, "TrustPolicy")).toEqual([
      {
        principals: [{ type: "Service", identifiers: ["codebuild.amazonaws.com"] }],
        actions: ["sts:AssumeRole"],
        condition: [
          { test: "StringEquals", variable: "aws:SourceAccount", values: ["111111111111"] },
          {
            test: "ArnLike",
            variable: "aws:SourceArn",
            values: ["arn:aws:codebuild:eu-central-1:111111111111:project/rw-dev-apps-runner"],
          },
        ],
      },
    ]);
  });

  describe("the role holds only what the runner needs (every job on the runner can read its credentials)", () => {
    const policy = resolveTokens(statements(json, "Permissions"), {
      "\\$\\{aws_cloudwatch_log_group\\.Runner_LogGroup_\\w+\\.arn\\}": LOG_GROUP_ARN,
      "\\$\\{aws_security_group\\.Runner_SecurityGroup_\\w+\\.arn\\}": securityGroup(RUNNER_GROUP),
      "\\$\\{aws_security_group\\.Runner_SecurityGroup_\\w+\\.id\\}": RUNNER_GROUP,
    }) as Statement[];
    const may = (request: Request) => decide(request, policy);
    /**
     * CreateNetworkInterface is authorized against every resource the request names: the new interface,
     * its subnet and each security group (IAM's list of EC2 actions); one refusal refuses the call.
     */
    const mayCreateInterface = (subnetId: string, groupIds: readonly string[]) => {
      const resources = [`${EC2}:network-interface/*`, subnet(subnetId), ...groupIds.map(securityGroup)];
      return resources.every((resource) => may({ action: "ec2:CreateNetworkInterface", resource }) === "allowed");
    };

    test("a build's interface: in one of the runner's subnets, with the runner's own security group", () => {
      expect(mayCreateInterface("subnet-private-a", [RUNNER_GROUP])).toBe(true);
      expect(mayCreateInterface("subnet-private-b", [RUNNER_GROUP])).toBe(true);
    });

    // Every job on the runner holds these credentials: an interface elsewhere, or one carrying the nodes'
    // or the cluster's security group, would give a workflow the network reach of a node or the database.
    test.each<[string, string, readonly string[]]>([
      ["in a public subnet", "subnet-public-a", [RUNNER_GROUP]],
      ["in an isolated (database) subnet", "subnet-isolated-a", [RUNNER_GROUP]],
      ["in a subnet of another VPC", "subnet-other-vpc", [RUNNER_GROUP]],
      ["with the node security group", "subnet-private-a", ["sg-nodes"]],
      ["with the EKS cluster security group (which managed nodes carry)", "subnet-private-a", ["sg-cluster-api"]],
      ["with its own group plus the node group", "subnet-private-a", [RUNNER_GROUP, "sg-nodes"]],
    ])("no interface %s", (_, subnetId, groupIds) => {
      expect(mayCreateInterface(subnetId, groupIds)).toBe(false);
    });

    test.each<[string, string, Decision]>([
      ["an interface in one of its subnets (a finished build's)", "subnet-private-b", "allowed"],
      ["an interface in another subnet (a node's, a database's, another service's)", "subnet-isolated-a", "implicit deny"],
    ])("deleting %s", (_, subnetId, decision) => {
      const request = {
        action: "ec2:DeleteNetworkInterface",
        resource: `${EC2}:network-interface/eni-1`,
        context: { "ec2:Subnet": subnet(subnetId) },
      };
      expect(may(request)).toBe(decision);
    });

    test.each<[string, Request]>([
      ["its own log streams", { action: "logs:PutLogEvents", resource: `${LOG_GROUP_ARN}:log-stream:build-1` }],
      ["a new log stream in its group", { action: "logs:CreateLogStream", resource: `${LOG_GROUP_ARN}:log-stream:build-1` }],
      ["the VPC's subnets (CodeBuild checks them before a VPC build)", { action: "ec2:DescribeSubnets", resource: "*" }],
      [
        "CodeBuild's permission on an interface in one of its subnets",
        {
          action: "ec2:CreateNetworkInterfacePermission",
          resource: "arn:aws:ec2:eu-central-1:111111111111:network-interface/eni-1",
          context: { "ec2:Subnet": subnet("subnet-private-a"), "ec2:AuthorizedService": "codebuild.amazonaws.com" },
        },
      ],
      ["the connection's GitHub token", { action: "codeconnections:GetConnectionToken", resource: CONNECTION }],
      ["the connection", { action: "codeconnections:UseConnection", resource: CONNECTION }],
    ])("allowed: %s", (_, request) => {
      expect(may(request)).toBe("allowed");
    });

    test.each<[string, Request]>([
      ["another log group", { action: "logs:PutLogEvents", resource: "arn:aws:logs:eu-central-1:111111111111:log-group:/aws/eks/x:*" }],
      ["reading log events", { action: "logs:GetLogEvents", resource: `${LOG_GROUP_ARN}:log-stream:build-1` }],
      [
        "an interface permission in another subnet",
        {
          action: "ec2:CreateNetworkInterfacePermission",
          resource: "arn:aws:ec2:eu-central-1:111111111111:network-interface/eni-1",
          context: { "ec2:Subnet": subnet("subnet-public-a"), "ec2:AuthorizedService": "codebuild.amazonaws.com" },
        },
      ],
      [
        "an interface permission for another service",
        {
          action: "ec2:CreateNetworkInterfacePermission",
          resource: "arn:aws:ec2:eu-central-1:111111111111:network-interface/eni-1",
          context: { "ec2:Subnet": subnet("subnet-private-a"), "ec2:AuthorizedService": "lambda.amazonaws.com" },
        },
      ],
      [
        "an interface in another account",
        {
          action: "ec2:DeleteNetworkInterface",
          resource: "arn:aws:ec2:eu-central-1:999999999999:network-interface/eni-1",
          context: { "ec2:Subnet": "arn:aws:ec2:eu-central-1:999999999999:subnet/subnet-private-a" },
        },
      ],
      ["another connection", { action: "codeconnections:GetConnectionToken", resource: CONNECTION.replace("0a1b", "ffff") }],
      ["assuming a role (the deploy role comes through OIDC, never from here)", { action: "sts:AssumeRole", resource: "*" }],
      ["passing a role", { action: "iam:PassRole", resource: "*" }],
      ["EKS", { action: "eks:DescribeCluster", resource: "*" }],
      ["objects", { action: "s3:GetObject", resource: "arn:aws:s3:::road-warrior-tfstate/dev-apps.tfstate" }],
      ["secrets", { action: "secretsmanager:GetSecretValue", resource: "*" }],
      ["security group changes", { action: "ec2:AuthorizeSecurityGroupIngress", resource: "*" }],
      ["starting builds", { action: "codebuild:StartBuild", resource: "*" }],
    ])("denied: %s", (_, request) => {
      expect(may(request)).toBe("implicit deny");
    });

    test("no Action * and no whole service, and every action it names is in a short allow-list", () => {
      const actions = policy.flatMap((s) => s.actions ?? []);
      expect(policy.every((s) => (s.effect ?? "Allow") === "Allow" && s.not_actions === undefined)).toBe(true);
      expect(actions.filter((a) => a === "*" || a.endsWith(":*"))).toEqual([]);
      expect(new Set(actions.map((a) => a.split(":")[0]))).toEqual(new Set(["logs", "ec2", "codeconnections"]));
    });

    test("write actions are never on every resource (only the network Describe calls, which IAM scopes to *)", () => {
      const onEverything = policy.filter((s) => (s.resources ?? []).includes("*")).flatMap((s) => s.actions ?? []);
      expect(onEverything.every((a) => /^ec2:Describe/.test(a))).toBe(true);
    });
  });

  test("jobs select it by CodeBuild's label: codebuild-<project>-<run id>-<attempt>", () => {
    expect(codebuildRunsOn("rw-dev-apps-runner")).toBe("codebuild-rw-dev-apps-runner-${{ github.run_id }}-${{ github.run_attempt }}");
  });

  // A new account's CodeBuild quota of running Linux/Small builds is reported at 1, and CodeBuild refuses a
  // project whose limit is above the account's quota; the apps plan and apply jobs run one after the other.
  test("the longest job fits the build timeout; one build at a time (within a new account's CodeBuild quota)", () => {
    expect(project).toMatchObject({ build_timeout: 180, concurrent_build_limit: 1 });
    expect(RUNNER_CONCURRENT_BUILDS).toBe(1);
  });

  test.each<[string, Partial<CodebuildRunnerProps>, RegExp]>([
    ["a repository that is not owner/name", { repository: "infra" }, /repository: "infra" must be a GitHub repository as owner\/name/],
    ["a project name CodeBuild refuses", { projectName: "rw dev runner" }, /projectName: "rw dev runner" must be 2-150 letters/],
    ["no private subnet", { privateSubnetIds: [] }, /privateSubnetIds: must name at least one private subnet/],
  ])("refuses %s, naming the prop", (_, props, message) => {
    expect(() => runner(props)).toThrow(message);
  });

  test("every problem at once", () => {
    expect(() => runner({ repository: "x", projectName: "!", privateSubnetIds: [] })).toThrow(
      /repository[\s\S]*projectName[\s\S]*privateSubnetIds/,
    );
  });
});
