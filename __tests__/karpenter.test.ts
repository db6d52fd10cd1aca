/**
 * Karpenter on the AWS side (cluster and network stacks), its validation rules, and the destroy
 * order of its releases in the apps stack, read from the synthesized `depends_on`.
 */
import { Testing } from "cdktf";
import { buildStacks } from "../src/app";
import { KARPENTER } from "../src/constructs/addons/karpenter/pins";
import { karpenterControllerStatements } from "../src/constructs/addons/karpenter/controller-policy";
import { INTERRUPTION_EVENTS } from "../src/constructs/addons/karpenter/interruption-queue";
import { NODE_POLICIES } from "../src/constructs/cluster/node-role";
import { builtIn, builtInRaw, issuesOf } from "./support/environments";
import { builtInStacks, resourcesOf, synthOf } from "./support/stacks";

/**
 * The actions of Karpenter's controller policy for v1.14, statement by statement, as published in
 * aws/karpenter-provider-aws `website/content/en/v1.14/getting-started/getting-started-with-karpenter/cloudformation.yaml`
 * (NodeLifecyclePolicy, IAMIntegrationPolicy, EKSIntegrationPolicy, InterruptionPolicy,
 * ZonalShiftPolicy, ResourceDiscoveryPolicy); terraform-aws-eks `modules/karpenter` mirrors it.
 * Kept here by hand so a change to our statements must be a conscious one.
 */
const UPSTREAM_V1_14: Record<string, string[]> = {
  AllowScopedEC2InstanceAccessActions: ["ec2:RunInstances", "ec2:CreateFleet"],
  AllowScopedEC2LaunchTemplateAccessActions: ["ec2:RunInstances", "ec2:CreateFleet"],
  AllowScopedEC2InstanceActionsWithTags: ["ec2:RunInstances", "ec2:CreateFleet", "ec2:CreateLaunchTemplate"],
  AllowScopedResourceCreationTagging: ["ec2:CreateTags"],
  AllowScopedResourceTagging: ["ec2:CreateTags"],
  AllowScopedDeletion: ["ec2:TerminateInstances", "ec2:DeleteLaunchTemplate"],
  AllowPassingInstanceRole: ["iam:PassRole"],
  AllowScopedInstanceProfileCreationActions: ["iam:CreateInstanceProfile"],
  AllowScopedInstanceProfileTagActions: ["iam:TagInstanceProfile"],
  AllowScopedInstanceProfileActions: ["iam:AddRoleToInstanceProfile", "iam:RemoveRoleFromInstanceProfile", "iam:DeleteInstanceProfile"],
  AllowAPIServerEndpointDiscovery: ["eks:DescribeCluster"],
  AllowInterruptionQueueActions: ["sqs:DeleteMessage", "sqs:GetQueueUrl", "sqs:ReceiveMessage"],
  AllowZonalShiftStatusReadOnly: ["arc-zonal-shift:GetManagedResource"],
  AllowRegionalReadActions: [
    "ec2:DescribeCapacityReservations",
    "ec2:DescribeImages",
    "ec2:DescribeInstances",
    "ec2:DescribeInstanceStatus",
    "ec2:DescribeInstanceTypeOfferings",
    "ec2:DescribeInstanceTypes",
    "ec2:DescribeLaunchTemplates",
    "ec2:DescribePlacementGroups",
    "ec2:DescribeSecurityGroups",
    "ec2:DescribeSpotPriceHistory",
    "ec2:DescribeSubnets",
  ],
  AllowSSMReadActions: ["ssm:GetParameter"],
  AllowPricingReadActions: ["pricing:GetProducts"],
  AllowUnscopedInstanceProfileListAction: ["iam:ListInstanceProfiles"],
  AllowInstanceProfileReadActions: ["iam:GetInstanceProfile"],
};

const statements = karpenterControllerStatements({
  partition: "aws",
  region: "eu-central-1",
  accountId: "111111111111",
  clusterName: "road-warrior-dev",
  nodeRoleArn: "arn:aws:iam::111111111111:role/road-warrior-dev.karpenter-nodes",
  queueArn: "arn:aws:sqs:eu-central-1:111111111111:road-warrior-dev-karpenter",
});
const bySid = Object.fromEntries(statements.map((s) => [s.sid!, s]));
const conditionsOf = (sid: string) => (bySid[sid].condition as { test: string; variable: string; values: string[] }[] | undefined) ?? [];

describe("controller policy", () => {
  test("has exactly upstream v1.14's statements and actions", () => {
    expect(Object.fromEntries(statements.map((s) => [s.sid, s.actions]))).toEqual(UPSTREAM_V1_14);
  });

  test("creation needs the cluster's tags; termination, deletion and re-tagging only touch what carries them", () => {
    for (const sid of ["AllowScopedEC2InstanceActionsWithTags", "AllowScopedResourceCreationTagging"]) {
      expect(conditionsOf(sid)).toEqual(
        expect.arrayContaining([
          { test: "StringEquals", variable: "aws:RequestTag/kubernetes.io/cluster/road-warrior-dev", values: ["owned"] },
          { test: "StringEquals", variable: "aws:RequestTag/eks:eks-cluster-name", values: ["road-warrior-dev"] },
          { test: "StringLike", variable: "aws:RequestTag/karpenter.sh/nodepool", values: ["*"] },
        ]),
      );
    }
    for (const sid of ["AllowScopedDeletion", "AllowScopedResourceTagging", "AllowScopedEC2LaunchTemplateAccessActions"]) {
      expect(conditionsOf(sid)).toEqual(
        expect.arrayContaining([
          { test: "StringEquals", variable: "aws:ResourceTag/kubernetes.io/cluster/road-warrior-dev", values: ["owned"] },
          { test: "StringLike", variable: "aws:ResourceTag/karpenter.sh/nodepool", values: ["*"] },
        ]),
      );
    }
  });

  test("passes only the node role, only to EC2; reads the queue and cluster it owns; describes only in its region", () => {
    expect(bySid.AllowPassingInstanceRole.resources).toEqual(["arn:aws:iam::111111111111:role/road-warrior-dev.karpenter-nodes"]);
    expect(conditionsOf("AllowPassingInstanceRole")[0]).toMatchObject({ variable: "iam:PassedToService" });
    expect(bySid.AllowInterruptionQueueActions.resources).toEqual(["arn:aws:sqs:eu-central-1:111111111111:road-warrior-dev-karpenter"]);
    expect(bySid.AllowAPIServerEndpointDiscovery.resources).toEqual(["arn:aws:eks:eu-central-1:111111111111:cluster/road-warrior-dev"]);
    expect(conditionsOf("AllowRegionalReadActions")).toEqual([
      { test: "StringEquals", variable: "aws:RequestedRegion", values: ["eu-central-1"] },
    ]);
    const unscoped = statements
      .filter((s) => (s.resources as string[]).includes("*") && !s.condition)
      .flatMap((s) => s.actions as string[]);
    expect(unscoped.sort()).toEqual(["iam:ListInstanceProfiles", "pricing:GetProducts"]);
  });

  test("fits IAM's 10,240-character limit for a role's inline policies (whitespace not counted)", () => {
    const document = JSON.stringify({
      Version: "2012-10-17",
      Statement: statements.map((s) => ({ Sid: s.sid, Effect: "Allow", Action: s.actions, Resource: s.resources, Condition: s.condition })),
    });
    expect(document.length).toBeLessThan(10_240);
  });
});

describe("cluster and network stacks", () => {
  const stacks = builtInStacks();
  const dev = synthOf(stacks.environments.dev.cluster).json;
  const network = synthOf(stacks.environments.dev.network).json;
  const values = (json: any, type: string) => Object.values(resourcesOf(json, type)) as any[];

  test("the controller role is a Pod Identity role for kube-system/karpenter with the policy, associated with the cluster", () => {
    const association = values(dev, "aws_eks_pod_identity_association").find((a) => a.service_account === KARPENTER.serviceAccount);
    expect(association).toMatchObject({ namespace: "kube-system", service_account: "karpenter" });
    expect(values(dev, "aws_iam_role").map((r) => r.name)).toEqual(
      expect.arrayContaining(["road-warrior-dev.karpenter", "road-warrior-dev.karpenter-nodes"]),
    );
  });

  test("a new account has no Spot service-linked role: the controller may create that one role, nothing else of IAM's", () => {
    const documents = Object.entries((dev.data.aws_iam_policy_document ?? {}) as Record<string, any>).filter(([k]) =>
      k.startsWith("Karpenter_ControllerRole"),
    );
    const statements = documents.flatMap(([, d]) => d.statement as any[]);
    const slr = statements.filter((st) => (st.actions as string[]).includes("iam:CreateServiceLinkedRole"));
    expect(slr).toEqual([
      expect.objectContaining({
        resources: [
          "arn:${data.aws_partition.partition.partition}:iam::111111111111:" +
            "role/aws-service-role/spot.amazonaws.com/AWSServiceRoleForEC2Spot",
        ],
        condition: [{ test: "StringEquals", variable: "iam:AWSServiceName", values: ["spot.amazonaws.com"] }],
      }),
    ]);
  });

  test("the node role has the four node policies, an instance profile and an EC2_LINUX access entry", () => {
    const attachments = Object.entries(resourcesOf(dev, "aws_iam_role_policy_attachment")).filter(([k]) =>
      k.startsWith("Karpenter_NodeRole"),
    );
    expect(attachments.map(([, a]) => (a as any).policy_arn.split("/").pop()).sort()).toEqual([...NODE_POLICIES].sort());
    expect(values(dev, "aws_iam_instance_profile")).toEqual([expect.objectContaining({ name: "road-warrior-dev.karpenter-nodes" })]);
    expect(values(dev, "aws_eks_access_entry").filter((e) => e.type === "EC2_LINUX")).toHaveLength(1);
  });

  test("interruption queue: SSE, five-minute retention, only this cluster's rules may send, TLS only; one rule per upstream event", () => {
    expect(values(dev, "aws_sqs_queue")).toEqual([
      expect.objectContaining({ name: "road-warrior-dev-karpenter", sqs_managed_sse_enabled: true, message_retention_seconds: 300 }),
    ]);
    const rules = values(dev, "aws_cloudwatch_event_rule").map((r) => JSON.parse(r.event_pattern));
    expect(rules).toHaveLength(INTERRUPTION_EVENTS.length);
    expect(rules).toEqual(expect.arrayContaining(INTERRUPTION_EVENTS.map((e) => ({ source: [e.source], "detail-type": [e.detailType] }))));
    expect(rules.map((r) => r["detail-type"][0])).toEqual(
      expect.arrayContaining([
        "EC2 Spot Instance Interruption Warning",
        "EC2 Instance Rebalance Recommendation",
        "EC2 Instance State-change Notification",
        "AWS Health Event",
        "EC2 Capacity Reservation Instance Interruption Warning",
      ]),
    );
    expect(values(dev, "aws_cloudwatch_event_target")).toHaveLength(INTERRUPTION_EVENTS.length);
    const documents = resourcesOf(dev, "data")["aws_iam_policy_document"] ?? dev.data.aws_iam_policy_document;
    const queuePolicy = Object.entries(documents).find(([k]) => k.startsWith("Karpenter_InterruptionQueue"))![1] as any;
    expect(queuePolicy.statement).toEqual([
      expect.objectContaining({
        actions: ["sqs:SendMessage"],
        principals: [{ type: "Service", identifiers: ["events.amazonaws.com"] }],
        condition: [expect.objectContaining({ test: "ArnEquals", variable: "aws:SourceArn" })],
      }),
      expect.objectContaining({
        effect: "Deny",
        actions: ["sqs:*"],
        condition: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }],
      }),
    ]);
  });

  test("private subnets and the nodes' security group carry the discovery tag; public and isolated subnets do not", () => {
    const subnets = values(network, "aws_subnet");
    const tagged = subnets.filter((s) => s.tags[KARPENTER.discoveryTagKey] === "road-warrior-dev").map((s) => s.tags.tier);
    expect(tagged).toEqual(["private", "private"]);
    expect(values(network, "aws_security_group").find((g) => g.name === "road-warrior-dev-nodes").tags[KARPENTER.discoveryTagKey]).toBe(
      "road-warrior-dev",
    );
  });

  test("an environment without cluster.karpenter gets none of it", () => {
    const config = builtIn("dev");
    const { karpenter: _none, ...cluster } = config.cluster;
    const built = buildStacks(Testing.app(), [{ ...config, cluster }]);
    const json = synthOf(built.environments.dev.cluster).json;
    expect(resourcesOf(json, "aws_sqs_queue")).toEqual({});
    expect(resourcesOf(synthOf(built.environments.dev.apps).json, "helm_release").Karpenter).toBeUndefined();
  });
});

describe("apps stack: install and destroy order from the synthesized depends_on", () => {
  const apps = synthOf(builtInStacks().environments.prod.apps).json;
  const releases = resourcesOf(apps, "helm_release");
  const dependsOn = (address: string): string[] => {
    const [type, name] = address.split(".");
    return (apps.resource[type][name].depends_on ?? []) as string[];
  };
  /** Everything `address` transitively depends on (created before it, destroyed after it). */
  const before = (address: string, seen = new Set<string>()): Set<string> => {
    for (const dep of dependsOn(address)) if (!seen.has(dep)) before(dep, seen.add(dep));
    return seen;
  };
  const crds = `helm_release.${Object.keys(releases).find((k) => k.startsWith("Karpenter_Crds"))}`;
  const nodesGone = Object.keys(resourcesOf(apps, "terraform_data")).find((k) => k.startsWith("KarpenterNodePools_NodesGone"));
  const waitAddress = `terraform_data.${nodesGone}`;

  test("CRDs and the Load Balancer Controller (webhooks serving) first, then the controller, the destroy-time wait, the NodePools", () => {
    expect(dependsOn("helm_release.Karpenter")).toEqual([crds, "helm_release.LoadBalancerController"]);
    expect(dependsOn(waitAddress)).toEqual(["helm_release.Karpenter"]);
    expect(before("helm_release.KarpenterNodePools")).toEqual(
      new Set([
        crds,
        "helm_release.Karpenter",
        waitAddress,
        ...before("helm_release.LoadBalancerController"),
        "helm_release.LoadBalancerController",
      ]),
    );
  });

  test("so destroy goes NodePools → wait for Karpenter's instances → controller → CRDs, and the services before the pools", () => {
    // Terraform destroys a resource before everything it depends on.
    expect(before(waitAddress).has("helm_release.Karpenter")).toBe(true);
    expect(before("helm_release.Karpenter").has(waitAddress)).toBe(false);
    // The services' releases (their Deployments) come after the pools, so they are destroyed first.
    const services = Object.keys(releases)
      .filter((k) => k.startsWith("Service-"))
      .map((k) => `helm_release.${k}`);
    expect(services.length).toBeGreaterThan(0);
    for (const service of services) expect(before(service).has("helm_release.KarpenterNodePools")).toBe(true);
  });

  test("the wait runs at destroy only, polls by the discovery tag and a NodePool tag, and gives up with the runbook's pointer", () => {
    const wait = resourcesOf(apps, "terraform_data")[waitAddress.split(".")[1]];
    expect(wait.input).toEqual({ cluster: "road-warrior-prod", region: "eu-central-1", tag: KARPENTER.discoveryTagKey, timeout: 900 });
    const exec = wait.provisioner[0]["local-exec"];
    expect(exec.when).toBe("destroy");
    expect(exec.command).toContain("Name=tag:${self.input.tag},Values=${self.input.cluster}");
    expect(exec.command).toContain("Name=tag-key,Values=karpenter.sh/nodepool");
    expect(exec.command).toContain("shutting-down");
    expect(exec.command).toContain("docs/karpenter.md");
  });

  test("the charts are pinned and come from oci://public.ecr.aws/karpenter", () => {
    for (const name of ["Karpenter", crds.split(".")[1]]) {
      expect(releases[name]).toMatchObject({
        repository: KARPENTER.repository,
        version: KARPENTER.chartVersion,
        namespace: "kube-system",
        atomic: true,
        wait: true,
      });
    }
  });
});

describe("validation", () => {
  const withKarpenter = (edit: (env: any) => void, base: "dev" | "prod" = "dev") => {
    const raw = builtInRaw(base);
    edit(raw);
    return issuesOf({ [`${base}.yaml`]: raw });
  };
  const rulesAt = (issues: { path: string; message?: string; rule?: string }[], path: string) =>
    issues.filter((i) => i.path === path).map((i) => JSON.stringify(i));

  test("the built-in environments are valid", () => {
    expect(withKarpenter(() => undefined, "dev")).toEqual([]);
    expect(withKarpenter(() => undefined, "prod")).toEqual([]);
  });

  test.each([
    [
      "a pool without limits",
      (e: any) => delete e.cluster.karpenter.nodePools[0].limits,
      "cluster.karpenter.nodePools[0].limits",
      /cost ceiling/,
    ],
    [
      "a pool without a memory limit",
      (e: any) => delete e.cluster.karpenter.nodePools[0].limits.memoryGib,
      "cluster.karpenter.nodePools[0].limits.memoryGib",
      /./,
    ],
    [
      "production Spot on one instance type",
      (e: any) =>
        Object.assign(e.cluster.karpenter.nodePools[0], { capacityTypes: ["spot"], instanceFamilies: ["m7g"], instanceSizes: ["large"] }),
      "cluster.karpenter.nodePools[0].instanceFamilies",
      /at least two instance types for spot capacity in a production environment/,
    ],
    [
      "production Spot on one explicit type",
      (e: any) => {
        const pool = e.cluster.karpenter.nodePools[0];
        delete pool.instanceFamilies;
        delete pool.instanceSizes;
        Object.assign(pool, { capacityTypes: ["spot"], instanceTypes: ["m7g.large"] });
      },
      "cluster.karpenter.nodePools[0].instanceTypes",
      /at least two instance types/,
    ],
    [
      "an x86 pool for arm64-only images",
      (e: any) => (e.cluster.karpenter.nodePools[0].architectures = ["arm64", "x86_64"]),
      "cluster.karpenter.nodePools[0].architectures",
      /services trips-api has images for arm64, not x86_64/,
    ],
    [
      "a system group that is not a node group",
      (e: any) => (e.cluster.karpenter.systemNodeGroup = "system"),
      "cluster.karpenter.systemNodeGroup",
      /must name one of cluster.nodeGroups \(general\)/,
    ],
    [
      "a system group too small for its pods",
      (e: any) => Object.assign(e.cluster.nodeGroups[0], { instanceTypes: ["t4g.small"] }),
      "cluster.nodeGroups[0].minSize",
      /too small for the system pods/,
    ],
    [
      "explicit types mixed with families",
      (e: any) => (e.cluster.karpenter.nodePools[0].instanceTypes = ["t4g.large"]),
      "cluster.karpenter.nodePools[0].instanceTypes",
      /must not be combined/,
    ],
    [
      "an explicit type of another architecture",
      (e: any) => {
        delete e.cluster.karpenter.nodePools[0].instanceCategories;
        delete e.cluster.karpenter.nodePools[0].instanceSizes;
        e.cluster.karpenter.nodePools[0].instanceTypes = ["m7i.large", "t4g.large"];
      },
      "cluster.karpenter.nodePools[0].instanceTypes[0]",
      /m7i.large is x86_64/,
    ],
    [
      "a schedule without a duration",
      (e: any) => (e.cluster.karpenter.nodePools[0].budgets = [{ nodes: "0", schedule: "@daily" }]),
      "cluster.karpenter.nodePools[0].budgets[0].schedule",
      /duration must be set together/,
    ],
    [
      "a reserved label domain",
      (e: any) => (e.cluster.karpenter.nodePools[0].labels = { "karpenter.sh/nodepool": "x" }),
      "cluster.karpenter.nodePools[0].labels.karpenter.sh/nodepool",
      /reserves/,
    ],
  ])("%s is refused", (_name, edit, path, rule) => {
    const base = /production/.test(_name) ? "prod" : "dev";
    const issues = withKarpenter(edit, base);
    const found = rulesAt(issues as any, path);
    expect(found.length).toBeGreaterThan(0);
    expect(found.join("\n")).toMatch(rule);
  });
});
