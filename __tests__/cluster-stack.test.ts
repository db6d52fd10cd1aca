import { EksCluster } from "@cdktf/provider-aws/lib/eks-cluster";
import { KUBERNETES_RELEASES } from "../src/config/catalog";
import { computeSubnetLayout } from "../src/config/subnet-layout";
import { KUBE_PROXY_PREVIOUS_ADDRESS } from "../src/stacks/migrations";
import { builtIn } from "./support/environments";
import { builtInStacks, resourceNamed, resourcesOf, stacksOf, synthApp, synthOf } from "./support/stacks";

const dev = synthOf(builtInStacks().environments.dev.cluster);
const prod = synthOf(builtInStacks().environments.prod.cluster);
const values = (json: Record<string, any>, type: string) => Object.values(resourcesOf(json, type));
const policyDocument = (json: Record<string, any>, prefix: string) =>
  Object.entries(json.data.aws_iam_policy_document).find(([k]) => k.startsWith(prefix))![1] as any;

describe("cluster stack: control plane", () => {
  const eks = () => resourceNamed(prod.json, "aws_eks_cluster", /Eks/);

  test("pins a Kubernetes version in standard support, and standard support only", () => {
    expect(eks()).toMatchObject({ name: "road-warrior-prod", version: "1.36", upgrade_policy: { support_type: "STANDARD" } });
    const end = new Date(KUBERNETES_RELEASES["1.36"].endOfStandardSupport);
    expect(end.getTime()).toBeGreaterThan(new Date("2027-05-24").getTime());
  });

  test("access through EKS access entries only; no implicit admin for the creator", () => {
    expect(eks().access_config).toEqual({ authentication_mode: "API", bootstrap_cluster_creator_admin_permissions: false });
    expect(values(prod.json, "aws_eks_access_entry")).toEqual([
      expect.objectContaining({ principal_arn: "arn:aws:iam::222222222222:role/road-warrior-prod-admin", type: "STANDARD" }),
      expect.objectContaining({ principal_arn: "arn:aws:iam::222222222222:role/road-warrior-prod-ci-deploy", type: "STANDARD" }),
      // Karpenter's nodes join through their role's EC2_LINUX entry (no access policy: the node identity only).
      expect.objectContaining({ principal_arn: "${aws_iam_role.Karpenter_NodeRole_015FD185.arn}", type: "EC2_LINUX" }),
    ]);
    const associations = values(prod.json, "aws_eks_access_policy_association");
    expect(associations).toHaveLength(2);
    for (const association of associations) {
      expect(association).toMatchObject({
        policy_arn: "arn:${data.aws_partition.partition.partition}:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy",
        access_scope: { type: "cluster" },
      });
    }
  });

  test("secrets are envelope-encrypted with the cluster's own key", () => {
    expect(prod.text).toHaveResourceWithProperties(EksCluster, {
      encryption_config: { resources: ["secrets"], provider: { key_arn: "${aws_kms_key.Key.arn}" } },
    });
  });

  // Which log types, and the group made before the cluster: the construct's test (constructs/eks-cluster.test.ts).
  test("the control-plane log group keeps production's retention, encrypted with the stack's key", () => {
    expect(resourceNamed(prod.json, "aws_cloudwatch_log_group", /Eks/)).toMatchObject({
      name: "/aws/eks/road-warrior-prod/cluster",
      retention_in_days: 365,
      kms_key_id: "${aws_kms_key.Key.arn}",
    });
  });

  test("the API endpoint is private unless CIDRs are configured, and then only for them", () => {
    expect(eks().vpc_config).toMatchObject({ endpoint_private_access: true, endpoint_public_access: false });
    expect(eks().vpc_config.public_access_cidrs).toBeUndefined();
    const config = builtIn("dev");
    const open = stacksOf([{ ...config, cluster: { ...config.cluster, endpointPublicAccessCidrs: ["203.0.113.0/24"] } }]);
    const cluster = resourceNamed(synthOf(open.environments.dev.cluster).json, "aws_eks_cluster", /Eks/);
    expect(cluster.vpc_config).toMatchObject({ endpoint_public_access: true, public_access_cidrs: ["203.0.113.0/24"] });
  });

  test("the apps stack's CodeBuild runner reaches the private endpoint on 443 through its own security group; no subnet range", () => {
    const apiRules = (json: Record<string, any>) =>
      Object.entries(resourcesOf(json, "aws_vpc_security_group_ingress_rule"))
        .filter(([, r]) => String((r as any).security_group_id).includes("cluster_security_group_id"))
        .map(([k, r]) => [k, r as any] as const);
    expect(apiRules(prod.json)).toEqual([
      [
        expect.stringMatching(/^AppsRunner_ApiFromRunner_/),
        expect.objectContaining({
          ip_protocol: "tcp",
          from_port: 443,
          to_port: 443,
          referenced_security_group_id: expect.stringMatching(/^\$\{aws_security_group\.AppsRunner_SecurityGroup_\w+\.id\}$/),
        }),
      ],
    ]);
    // No runner to admit without a ci section.
    const config = builtIn("dev");
    const withoutCi = synthOf(stacksOf([{ ...config, ci: undefined }]).environments.dev.cluster).json;
    expect(apiRules(withoutCi)).toEqual([]);
    expect(resourcesOf(withoutCi, "aws_codebuild_project")).toEqual({});
  });

  test("a team's own runner (ci.appsRunnerLabel): no CodeBuild runner; the private subnets reach the private endpoint on 443", () => {
    const config = builtIn("prod");
    const own = synthOf(stacksOf([{ ...config, ci: { ...config.ci!, appsRunnerLabel: "team-runner" } }]).environments.prod.cluster).json;
    expect(resourcesOf(own, "aws_codebuild_project")).toEqual({});
    const rules = Object.entries(resourcesOf(own, "aws_vpc_security_group_ingress_rule"))
      .filter(([k]) => k.startsWith("Eks_PrivateApiAccess"))
      .map(([, r]) => r as any);
    expect(rules.map((r) => r.cidr_ipv4)).toEqual(
      computeSubnetLayout(config.network.vpcCidr, config.availabilityZones).private.map((s) => s.cidr),
    );
    for (const rule of rules) expect(rule).toMatchObject({ ip_protocol: "tcp", from_port: 443, to_port: 443 });
    // An API endpoint opened to the runner's public ranges instead: nothing to admit.
    const publicEndpoint = synthOf(
      stacksOf([
        {
          ...config,
          ci: { ...config.ci!, appsRunnerLabel: "team-runner" },
          cluster: { ...config.cluster, endpointPublicAccessCidrs: ["203.0.113.0/24"] },
        },
      ]).environments.prod.cluster,
    ).json;
    expect(
      Object.keys(resourcesOf(publicEndpoint, "aws_vpc_security_group_ingress_rule")).filter((k) => k.startsWith("Eks_PrivateApiAccess")),
    ).toEqual([]);
  });

  test("the CodeBuild runner builds in the network stack's private subnets, with a WORKFLOW_JOB_QUEUED webhook, in dev and prod", () => {
    for (const name of ["dev", "prod"] as const) {
      const full = synthApp([builtIn(name)])[`${name}-cluster`];
      const project = Object.values(full.resource.aws_codebuild_project as Record<string, any>);
      expect(project).toHaveLength(1);
      expect(project[0].name).toBe(`road-warrior-${name}-apps-runner`);
      expect(project[0].vpc_config.subnets).toHaveLength(builtIn(name).availabilityZones.length);
      for (const subnet of project[0].vpc_config.subnets) expect(subnet).toMatch(/cross-stack-output-aws_subnetVpc_PrivateSubnet-/);
      expect(Object.values(full.resource.aws_codebuild_webhook as Record<string, any>)[0].filter_group).toEqual([
        { filter: [{ type: "EVENT", pattern: "WORKFLOW_JOB_QUEUED" }] },
      ]);
      const log = Object.entries(full.resource.aws_cloudwatch_log_group as Record<string, any>).find(([k]) =>
        k.startsWith("AppsRunner_"),
      )![1];
      expect(log).toMatchObject({ name: `/road-warrior/${name}/apps-runner`, retention_in_days: builtIn(name).cluster.logRetentionDays });
      expect(log.kms_key_id).toMatch(/aws_kms_key\.Key/);
      expect(log.lifecycle?.prevent_destroy ?? false).toBe(name === "prod");
    }
  });

  test("EKS's unpinned self-managed add-ons are left out; the control plane sits in the private subnets", () => {
    expect(eks().bootstrap_self_managed_addons).toBe(false);
    expect(eks().vpc_config.subnet_ids).toHaveLength(3);
    expect(eks().vpc_config.subnet_ids.every((s: string) => /PrivateSubnet/.test(s))).toBe(true);
  });
});

describe("cluster stack: nodes", () => {
  // IMDSv2 with hop limit 1, the encrypted gp3 volume, no public IP and the two security groups are the node group
  // construct's (constructs/managed-node-group.test.ts), and RW-EC2-1..3 check every synthesized launch template.
  test("launch template: the environment's root volume size (prod: 50 GiB)", () => {
    const template = values(prod.json, "aws_launch_template")[0];
    expect(template.block_device_mappings[0].ebs).toMatchObject({ volume_size: 50 });
  });

  test("node groups: AL2023 per architecture, capacity type and sizes from the environment, across every AZ", () => {
    const [devGroup] = values(dev.json, "aws_eks_node_group");
    expect(devGroup).toMatchObject({
      ami_type: "AL2023_ARM_64_STANDARD",
      capacity_type: "SPOT",
      instance_types: ["t4g.medium"],
      scaling_config: { min_size: 1, desired_size: 1, max_size: 4 },
      update_config: { max_unavailable_percentage: 33 },
      node_repair_config: { enabled: true },
      version: "1.36",
    });
    expect(devGroup.subnet_ids).toHaveLength(2);
    const config = builtIn("dev");
    const x86 = { ...config.cluster.nodeGroups[0], architecture: "x86_64" as const, instanceTypes: ["m7i.large", "m6i.large"] };
    const stacks = stacksOf([{ ...config, cluster: { ...config.cluster, nodeGroups: [x86] } }]);
    expect(values(synthOf(stacks.environments.dev.cluster).json, "aws_eks_node_group")[0].ami_type).toBe("AL2023_x86_64_STANDARD");
  });

  test("labels and taints reach the node group", () => {
    const config = builtIn("dev");
    const group = {
      ...config.cluster.nodeGroups[0],
      labels: { workload: "batch" },
      taints: [{ key: "batch", value: "true", effect: "NO_SCHEDULE" as const }],
    };
    const stacks = stacksOf([{ ...config, cluster: { ...config.cluster, nodeGroups: [group] } }]);
    expect(values(synthOf(stacks.environments.dev.cluster).json, "aws_eks_node_group")[0]).toMatchObject({
      labels: { workload: "batch" },
      taint: [{ key: "batch", value: "true", effect: "NO_SCHEDULE" }],
    });
  });

  test("the nodes' security group (from the network stack) admits the controller's webhook port from the cluster security group", () => {
    const rules = Object.entries(resourcesOf(prod.json, "aws_vpc_security_group_ingress_rule"))
      .filter(([k]) => !k.startsWith("Eks_PrivateApiAccess") && !k.startsWith("AppsRunner_"))
      .map(([, r]) => r);
    expect(rules).toEqual([
      expect.objectContaining({
        from_port: 9443,
        to_port: 9443,
        ip_protocol: "tcp",
        referenced_security_group_id: "${aws_eks_cluster.Eks.vpc_config[0].cluster_security_group_id}",
        description: expect.stringMatching(/webhook/i),
      }),
    ]);
    const full = synthApp([builtIn("prod")])["prod-cluster"];
    const webhook = Object.entries(full.resource.aws_vpc_security_group_ingress_rule as Record<string, any>).find(([k]) =>
      k.startsWith("Eks_WebhookFromControlPlane"),
    )![1];
    expect(webhook.security_group_id).toMatch(
      /cross-stack-reference-input-prod-network\.outputs\.cross-stack-output-aws_security_groupNodeSecurityGroupid/,
    );
  });

  test("the cluster stack depends on the network only, so it deploys in parallel with the data stack", () => {
    const full = synthApp([builtIn("prod")])["prod-cluster"];
    expect(Object.keys(full.data.terraform_remote_state)).toEqual(["cross-stack-reference-input-prod-network"]);
  });
});

describe("cluster stack: add-ons", () => {
  const addons = (json: Record<string, any>) => Object.fromEntries(values(json, "aws_eks_addon").map((a) => [a.addon_name, a]));
  const pinned = KUBERNETES_RELEASES["1.36"].addons;

  test("every add-on is pinned for the Kubernetes version", () => {
    expect(Object.fromEntries(Object.entries(addons(prod.json)).map(([name, a]) => [name, (a as any).addon_version]))).toEqual({
      "vpc-cni": pinned.vpcCni,
      "eks-pod-identity-agent": pinned.podIdentityAgent,
      coredns: pinned.coreDns,
      "kube-proxy": pinned.kubeProxy,
      "metrics-server": pinned.metricsServer,
      "aws-ebs-csi-driver": pinned.ebsCsiDriver,
      "amazon-cloudwatch-observability": pinned.cloudwatchObservability,
    });
  });

  test("order from depends_on: vpc-cni, kube-proxy and the Pod Identity agent before the nodes; CoreDNS and the rest after", () => {
    // With bootstrap_self_managed_addons = false, nodes cannot become Ready without the CNI and
    // kube-proxy (the CNI reaches the API server through the `kubernetes` Service address).
    const byAddress = Object.fromEntries(
      Object.entries(resourcesOf(prod.json, "aws_eks_addon")).map(([key, a]) => [`aws_eks_addon.${key}`, a.addon_name]),
    );
    const groups = values(prod.json, "aws_eks_node_group");
    expect(groups.length).toBeGreaterThan(0);
    for (const group of groups) {
      const before = (group.depends_on as string[]).filter((d) => d.startsWith("aws_eks_addon.")).map((d) => byAddress[d]);
      expect(before.sort()).toEqual(["eks-pod-identity-agent", "kube-proxy", "vpc-cni"]);
    }
    const all = addons(prod.json);
    for (const name of ["vpc-cni", "kube-proxy", "eks-pod-identity-agent"]) expect(all[name].depends_on).toBeUndefined();
    const after = Object.values(all)
      .filter((a: any) => (a.depends_on ?? []).includes("aws_eks_node_group.NodeGroup-general"))
      .map((a: any) => a.addon_name);
    expect(after.sort()).toEqual(["amazon-cloudwatch-observability", "aws-ebs-csi-driver", "coredns", "metrics-server"]);
    expect(JSON.parse(all["vpc-cni"].configuration_values)).toEqual({ enableNetworkPolicy: "true" });
  });

  test("kube-proxy's move to the before-nodes set is recorded (a moved block, no reinstall on a running cluster)", () => {
    const kubeProxy = Object.keys(resourcesOf(prod.json, "aws_eks_addon")).find((k) => k.includes("kube-proxy"));
    expect(prod.json.moved).toEqual([{ from: KUBE_PROXY_PREVIOUS_ADDRESS, to: `aws_eks_addon.${kubeProxy}` }]);
    expect(KUBE_PROXY_PREVIOUS_ADDRESS).toBe("aws_eks_addon.Addons_kube-proxy_7E8520B3");
  });

  // Each add-on's address names its set ("NetworkingAddons" before, "Addons" after the nodes), chosen by its
  // `beforeNodes` flag in managed-addons.ts: flipping the flag alone makes Terraform destroy and recreate the
  // add-on on a running cluster (for vpc-cni or CoreDNS, an outage). Recorded here, literally.
  const RECORDED_ADDON_ADDRESSES = [
    "aws_eks_addon.Addons_amazon-cloudwatch-observability_2B3B961D",
    "aws_eks_addon.Addons_aws-ebs-csi-driver_EE1EFDF6",
    "aws_eks_addon.Addons_coredns_02696458",
    "aws_eks_addon.Addons_metrics-server_B7AB3DE2",
    "aws_eks_addon.NetworkingAddons_eks-pod-identity-agent_DFFEF808",
    "aws_eks_addon.NetworkingAddons_kube-proxy_BB048A57",
    "aws_eks_addon.NetworkingAddons_vpc-cni_87D9CDE8",
  ];

  test.each([
    ["dev", dev.json],
    ["prod", prod.json],
  ])("%s: every add-on keeps its recorded Terraform address (a move between the sets needs a moved block)", (env, json) => {
    const addresses = Object.keys(resourcesOf(json, "aws_eks_addon")).map((key) => `aws_eks_addon.${key}`);
    const gone = RECORDED_ADDON_ADDRESSES.filter((address) => !addresses.includes(address));
    const added = addresses.filter((address) => !RECORDED_ADDON_ADDRESSES.includes(address));
    const drift =
      gone.length + added.length === 0
        ? ""
        : `${env}-cluster: aws_eks_addon addresses changed (gone: ${gone.join(", ") || "none"}; new: ${added.join(", ") || "none"}). ` +
          `Moving an add-on between NetworkingAddons and Addons (its beforeNodes flag in managed-addons.ts) changes its address, ` +
          `and Terraform would delete and recreate it on a running cluster: in clusterStackMigrations (src/stacks/migrations.ts) call ` +
          `moveFromId(<its previous address>) on it, as kube-proxy has (KUBE_PROXY_PREVIOUS_ADDRESS), then record the new ` +
          `address in RECORDED_ADDON_ADDRESSES (__tests__/cluster-stack.test.ts).`;
    expect(drift).toBe("");
  });

  test("the EBS CSI driver and the CloudWatch agent get their roles through Pod Identity", () => {
    const all = addons(prod.json);
    expect(all["aws-ebs-csi-driver"].pod_identity_association).toEqual([
      { role_arn: "${aws_iam_role.EbsCsiDriverRole.arn}", service_account: "ebs-csi-controller-sa" },
    ]);
    expect(all["amazon-cloudwatch-observability"].pod_identity_association).toEqual([
      { role_arn: "${aws_iam_role.CloudWatchAgentRole.arn}", service_account: "cloudwatch-agent" },
    ]);
  });
});

describe("cluster stack: workload identity", () => {
  test.each([
    ["LoadBalancerControllerRole", "kube-system", "aws-load-balancer-controller"],
    ["EbsCsiDriverRole", "kube-system", "ebs-csi-controller-sa"],
    ["CloudWatchAgentRole", "amazon-cloudwatch", "cloudwatch-agent"],
  ])("%s trusts Pod Identity for one service account of this cluster only", (role, namespace, serviceAccount) => {
    const trust = policyDocument(prod.json, `${role}_Trust`);
    expect(trust.statement).toEqual([
      expect.objectContaining({
        principals: [{ type: "Service", identifiers: ["pods.eks.amazonaws.com"] }],
        actions: ["sts:AssumeRole", "sts:TagSession"],
        condition: expect.arrayContaining([
          { test: "StringEquals", variable: "aws:SourceAccount", values: ["222222222222"] },
          { test: "StringEquals", variable: "aws:RequestTag/eks-cluster-name", values: ["${aws_eks_cluster.Eks.name}"] },
          { test: "StringEquals", variable: "aws:RequestTag/kubernetes-namespace", values: [namespace] },
          { test: "StringEquals", variable: "aws:RequestTag/kubernetes-service-account", values: [serviceAccount] },
        ]),
      }),
    ]);
  });

  test("controllers (Load Balancer Controller, Karpenter) are associated with their roles here (add-ons by their own association)", () => {
    const associations = values(prod.json, "aws_eks_pod_identity_association").map((a) => `${a.namespace}/${a.service_account}`);
    expect(associations.sort()).toEqual(["kube-system/aws-load-balancer-controller", "kube-system/karpenter"]);
  });

  test("the controller's policy: no wildcard actions, and its writes on load balancers and security groups need the cluster tag", () => {
    const statements: any[] = policyDocument(prod.json, "LoadBalancerControllerRole_Permissions").statement;
    expect(statements.flatMap((s) => s.actions).filter((a: string) => a.includes("*"))).toEqual([]);
    const tagged = statements.filter((s) =>
      s.actions.some((a: string) => /DeleteLoadBalancer|DeleteSecurityGroup|ModifyLoadBalancerAttributes/.test(a)),
    );
    expect(tagged.every((s) => s.condition.some((c: any) => c.variable === "aws:ResourceTag/elbv2.k8s.aws/cluster"))).toBe(true);
    expect(new Set(statements.flatMap((s) => s.actions)).size).toBe(80);
  });
});

describe("cluster stack: log groups EKS and its add-ons would otherwise create unmanaged", () => {
  test("Container Insights' groups exist before the add-on, with retention and the cluster key", () => {
    const groups = values(prod.json, "aws_cloudwatch_log_group").filter((g) => g.name.startsWith("/aws/containerinsights/"));
    expect(groups.map((g) => g.name).sort()).toEqual(
      ["application", "dataplane", "host", "performance"].map((g) => `/aws/containerinsights/road-warrior-prod/${g}`),
    );
    expect(groups.every((g) => g.retention_in_days === 365 && g.kms_key_id === "${aws_kms_key.Key.arn}")).toBe(true);
    const addon = values(prod.json, "aws_eks_addon").find((a) => a.addon_name === "amazon-cloudwatch-observability");
    expect(addon!.depends_on.filter((d: string) => d.startsWith("aws_cloudwatch_log_group."))).toHaveLength(4);
  });
});

describe("cluster stack: alarms and the front door", () => {
  test("an encrypted alarm topic that only this account's CloudWatch publishes to, with the environment's emails", () => {
    expect(values(prod.json, "aws_sns_topic")[0]).toMatchObject({
      name: "road-warrior-prod-alarms",
      kms_master_key_id: "${aws_kms_key.Key.arn}",
    });
    expect(values(prod.json, "aws_sns_topic_subscription")).toEqual(
      ["AlarmTopic", "PageTopic", "TicketTopic"].map((topic) =>
        expect.objectContaining({
          protocol: "email",
          endpoint: "oncall+prod@road-warrior.example",
          topic_arn: `\${aws_sns_topic.${topic}.arn}`,
        }),
      ),
    );
    const key = policyDocument(prod.json, "Key_Policy").statement;
    expect(key).toContainEqual(
      expect.objectContaining({ principals: [{ type: "Service", identifiers: ["sns.amazonaws.com", "cloudwatch.amazonaws.com"] }] }),
    );
  });

  test("burn-rate alerts go to their own page and ticket topics, encrypted with the same key, published only by this account", () => {
    const topics = values(prod.json, "aws_sns_topic");
    expect(topics.map((t) => [t.name, t.kms_master_key_id])).toEqual([
      ["road-warrior-prod-alarms", "${aws_kms_key.Key.arn}"],
      ["road-warrior-prod-alarms-page", "${aws_kms_key.Key.arn}"],
      ["road-warrior-prod-alarms-ticket", "${aws_kms_key.Key.arn}"],
    ]);
    const policies = values(prod.json, "aws_sns_topic_policy").map((p) => p.arn);
    expect(policies).toEqual(["${aws_sns_topic.AlarmTopic.arn}", "${aws_sns_topic.PageTopic.arn}", "${aws_sns_topic.TicketTopic.arn}"]);
  });

  test("no Slack channel unless alerts.chat names one: then AWS Chatbot in a region its API serves, read-only in the channel", () => {
    expect(values(prod.json, "aws_chatbot_slack_channel_configuration")).toEqual([]);
    const config = builtIn("prod");
    const withChat = { ...config, alerts: { ...config.alerts, chat: { slackTeamId: "T0123ABCDE", slackChannelId: "C0123ABCDE" } } };
    const chat = synthOf(stacksOf([withChat]).environments.prod.cluster);
    const [channel] = values(chat.json, "aws_chatbot_slack_channel_configuration");
    expect(channel).toMatchObject({
      provider: "aws.chatbot",
      slack_team_id: "T0123ABCDE",
      slack_channel_id: "C0123ABCDE",
      sns_topic_arns: ["${aws_sns_topic.PageTopic.arn}", "${aws_sns_topic.TicketTopic.arn}"],
      guardrail_policy_arns: ["arn:${data.aws_partition.partition.partition}:iam::aws:policy/CloudWatchReadOnlyAccess"],
    });
    expect(chat.json.provider.aws.find((p: { alias?: string }) => p.alias === "chatbot").region).toBe("us-west-2");
  });

  test("alarms on Aurora CPU, capacity and connections and on node health, to the topic", () => {
    const alarms = values(prod.json, "aws_cloudwatch_metric_alarm");
    expect(alarms.map((a) => a.metric_name).sort()).toEqual([
      "ACUUtilization",
      "CPUUtilization",
      "DatabaseConnections",
      "cluster_failed_node_count",
      "node_cpu_utilization",
    ]);
    expect(alarms.every((a) => a.alarm_actions[0] === "${aws_sns_topic.AlarmTopic.arn}" && a.treat_missing_data === "notBreaching")).toBe(
      true,
    );
  });

  test("with a domain: a DNS-validated certificate and a WAF ACL with AWS managed rules and a rate limit; without: neither", () => {
    expect(values(prod.json, "aws_acm_certificate")).toEqual([
      expect.objectContaining({ domain_name: "api.road-warrior.example", validation_method: "DNS" }),
    ]);
    expect(values(prod.json, "aws_route53_record")[0]).toMatchObject({ zone_id: "Z0123456789ABCDEFGHIJ" });
    const acl = values(prod.json, "aws_wafv2_web_acl")[0];
    expect(acl.scope).toBe("REGIONAL");
    expect(acl.rule.map((r: any) => r.name)).toEqual([
      "AWSManagedRulesAmazonIpReputationList",
      "AWSManagedRulesCommonRuleSet",
      "AWSManagedRulesKnownBadInputsRuleSet",
      "AWSManagedRulesSQLiRuleSet",
      "RateLimitPerIp",
    ]);
    expect(values(prod.json, "aws_wafv2_web_acl_logging_configuration")).toHaveLength(1);
    expect(values(dev.json, "aws_acm_certificate")).toHaveLength(0);
    expect(values(dev.json, "aws_wafv2_web_acl")).toHaveLength(0);
  });

  test("a Cognito user pool only when a service asks for sign-in: admin-created users, strong passwords, the ALB callback", () => {
    expect(values(prod.json, "aws_cognito_user_pool")).toHaveLength(0);
    const config = builtIn("prod");
    const services = config.services.map((s) => (s.name === "trips-api" ? { ...s, authenticate: true } : s));
    const json = synthOf(stacksOf([{ ...config, services }]).environments.prod.cluster).json;
    expect(values(json, "aws_cognito_user_pool")[0]).toMatchObject({
      admin_create_user_config: { allow_admin_create_user_only: true },
      password_policy: expect.objectContaining({ minimum_length: 12 }),
      deletion_protection: "ACTIVE",
    });
    expect(values(json, "aws_cognito_user_pool_client")[0]).toMatchObject({
      generate_secret: true,
      allowed_oauth_flows: ["code"],
      callback_urls: ["https://api.road-warrior.example/oauth2/idpresponse"],
    });
  });
});
