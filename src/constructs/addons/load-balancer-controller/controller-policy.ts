import { DataAwsIamPolicyDocumentStatement } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";

/**
 * The permissions the AWS Load Balancer Controller documents for its pinned version
 * (`docs/install/iam_policy.json`, unchanged from v2.12 to v3.5.0), written as typed statements.
 * Every write is limited to resources tagged `elbv2.k8s.aws/cluster` (created by a controller)
 * except where the controller documents none. `LOAD_BALANCER_CONTROLLER.chartVersion` (`./pins.ts`) and this file change together.
 */
const CLUSTER_TAG = "elbv2.k8s.aws/cluster";
const requestHasClusterTag = { test: "Null", variable: `aws:RequestTag/${CLUSTER_TAG}`, values: ["false"] };
const requestLeavesClusterTag = { test: "Null", variable: `aws:RequestTag/${CLUSTER_TAG}`, values: ["true"] };
const resourceHasClusterTag = { test: "Null", variable: `aws:ResourceTag/${CLUSTER_TAG}`, values: ["false"] };

export function loadBalancerControllerStatements(partition: string): DataAwsIamPolicyDocumentStatement[] {
  const elb = (resource: string) => `arn:${partition}:elasticloadbalancing:*:*:${resource}`;
  const balancersAndTargetGroups = [elb("targetgroup/*/*"), elb("loadbalancer/net/*/*"), elb("loadbalancer/app/*/*")];
  const securityGroups = `arn:${partition}:ec2:*:*:security-group/*`;
  return [
    {
      sid: "CreateElbServiceLinkedRole",
      actions: ["iam:CreateServiceLinkedRole"],
      resources: ["*"],
      condition: [{ test: "StringEquals", variable: "iam:AWSServiceName", values: ["elasticloadbalancing.amazonaws.com"] }],
    },
    {
      sid: "Describe",
      actions: [
        ...[
          "DescribeAccountAttributes",
          "DescribeAddresses",
          "DescribeAvailabilityZones",
          "DescribeInternetGateways",
          "DescribeVpcs",
          "DescribeVpcPeeringConnections",
          "DescribeSubnets",
          "DescribeSecurityGroups",
          "DescribeInstances",
          "DescribeNetworkInterfaces",
          "DescribeTags",
          "GetCoipPoolUsage",
          "DescribeCoipPools",
          "GetSecurityGroupsForVpc",
          "DescribeIpamPools",
          "DescribeRouteTables",
        ].map((a) => `ec2:${a}`),
        ...[
          "DescribeLoadBalancers",
          "DescribeLoadBalancerAttributes",
          "DescribeListeners",
          "DescribeListenerCertificates",
          "DescribeSSLPolicies",
          "DescribeRules",
          "DescribeTargetGroups",
          "DescribeTargetGroupAttributes",
          "DescribeTargetHealth",
          "DescribeTags",
          "DescribeTrustStores",
          "DescribeListenerAttributes",
          "DescribeCapacityReservation",
        ].map((a) => `elasticloadbalancing:${a}`),
      ],
      resources: ["*"],
    },
    {
      sid: "CertificatesAuthenticationAndFirewall",
      actions: [
        "cognito-idp:DescribeUserPoolClient",
        "acm:ListCertificates",
        "acm:DescribeCertificate",
        "iam:ListServerCertificates",
        "iam:GetServerCertificate",
        "waf-regional:GetWebACL",
        "waf-regional:GetWebACLForResource",
        "waf-regional:AssociateWebACL",
        "waf-regional:DisassociateWebACL",
        "wafv2:GetWebACL",
        "wafv2:GetWebACLForResource",
        "wafv2:AssociateWebACL",
        "wafv2:DisassociateWebACL",
        "shield:GetSubscriptionState",
        "shield:DescribeProtection",
        "shield:CreateProtection",
        "shield:DeleteProtection",
      ],
      resources: ["*"],
    },
    { sid: "SecurityGroupIngress", actions: ["ec2:AuthorizeSecurityGroupIngress", "ec2:RevokeSecurityGroupIngress"], resources: ["*"] },
    { sid: "CreateSecurityGroup", actions: ["ec2:CreateSecurityGroup"], resources: ["*"] },
    {
      sid: "TagNewSecurityGroup",
      actions: ["ec2:CreateTags"],
      resources: [securityGroups],
      condition: [{ test: "StringEquals", variable: "ec2:CreateAction", values: ["CreateSecurityGroup"] }, requestHasClusterTag],
    },
    {
      sid: "TagOwnSecurityGroups",
      actions: ["ec2:CreateTags", "ec2:DeleteTags"],
      resources: [securityGroups],
      condition: [requestLeavesClusterTag, resourceHasClusterTag],
    },
    {
      sid: "ManageOwnSecurityGroups",
      actions: ["ec2:AuthorizeSecurityGroupIngress", "ec2:RevokeSecurityGroupIngress", "ec2:DeleteSecurityGroup"],
      resources: ["*"],
      condition: [resourceHasClusterTag],
    },
    {
      sid: "CreateTaggedBalancers",
      actions: ["elasticloadbalancing:CreateLoadBalancer", "elasticloadbalancing:CreateTargetGroup"],
      resources: ["*"],
      condition: [requestHasClusterTag],
    },
    {
      sid: "ListenersAndRules",
      actions: ["CreateListener", "DeleteListener", "CreateRule", "DeleteRule"].map((a) => `elasticloadbalancing:${a}`),
      resources: ["*"],
    },
    {
      sid: "TagOwnBalancers",
      actions: ["elasticloadbalancing:AddTags", "elasticloadbalancing:RemoveTags"],
      resources: balancersAndTargetGroups,
      condition: [requestLeavesClusterTag, resourceHasClusterTag],
    },
    {
      sid: "TagListenersAndRules",
      actions: ["elasticloadbalancing:AddTags", "elasticloadbalancing:RemoveTags"],
      resources: [elb("listener/net/*/*/*"), elb("listener/app/*/*/*"), elb("listener-rule/net/*/*/*"), elb("listener-rule/app/*/*/*")],
    },
    {
      sid: "ModifyOwnBalancers",
      actions: [
        "ModifyLoadBalancerAttributes",
        "SetIpAddressType",
        "SetSecurityGroups",
        "SetSubnets",
        "DeleteLoadBalancer",
        "ModifyTargetGroup",
        "ModifyTargetGroupAttributes",
        "DeleteTargetGroup",
        "ModifyListenerAttributes",
        "ModifyCapacityReservation",
        "ModifyIpPools",
      ].map((a) => `elasticloadbalancing:${a}`),
      resources: ["*"],
      condition: [resourceHasClusterTag],
    },
    {
      sid: "TagOnCreate",
      actions: ["elasticloadbalancing:AddTags"],
      resources: balancersAndTargetGroups,
      condition: [
        { test: "StringEquals", variable: "elasticloadbalancing:CreateAction", values: ["CreateTargetGroup", "CreateLoadBalancer"] },
        requestHasClusterTag,
      ],
    },
    {
      sid: "RegisterTargets",
      actions: ["elasticloadbalancing:RegisterTargets", "elasticloadbalancing:DeregisterTargets"],
      resources: [elb("targetgroup/*/*")],
    },
    {
      sid: "ListenerSettings",
      actions: [
        "SetWebAcl",
        "ModifyListener",
        "AddListenerCertificates",
        "RemoveListenerCertificates",
        "ModifyRule",
        "SetRulePriorities",
      ].map((a) => `elasticloadbalancing:${a}`),
      resources: ["*"],
    },
  ];
}
