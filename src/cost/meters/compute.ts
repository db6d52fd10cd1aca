import { KUBERNETES_RELEASES } from "../../config/catalog";
import { ASSUMPTIONS } from "../assumptions";
import { CostLine, fixed, Meter, MeterContext, unitUsd, usd } from "../model";
import { asList } from "../../synthesized/json";
import { Resource } from "../../synthesized/types";
import { monthlyOf, referenced, resourcesOf } from "../resources";

/** The EKS control plane, the managed node groups and single instances (the NAT instance), with their root volumes. */
export const computeMeter: Meter = {
  types: ["aws_eks_cluster", "aws_eks_node_group", "aws_launch_template", "aws_instance"],
  measure: (context) => {
    const problems: string[] = [];
    const lines = [...controlPlanes(context, problems), ...nodeGroups(context, problems), ...instances(context, problems)];
    return { lines, usage: [], problems };
  },
};

function controlPlanes({ stacks, prices, date }: MeterContext, problems: string[]): CostLine[] {
  return resourcesOf(stacks, "aws_eks_cluster").map((cluster) => {
    const version = String(cluster.config.version);
    const release = KUBERNETES_RELEASES[version];
    const supportType = String(asList(cluster.config.upgrade_policy)[0]?.support_type ?? "EXTENDED");
    if (!release)
      problems.push(`${cluster.stack}: ${cluster.address}: Kubernetes ${version} has no support window in src/config/catalog.ts`);
    const standardEnds = release?.endOfStandardSupport ?? "unknown";
    const extended = release !== undefined && supportType === "EXTENDED" && date.toISOString().slice(0, 10) > standardEnds;
    const hourly = extended ? prices.eks.extendedSupportHour : prices.eks.standardSupportHour;
    const policy =
      supportType === "EXTENDED"
        ? `support type EXTENDED: ${unitUsd(prices.eks.extendedSupportHour)}/h after that`
        : "support type STANDARD: upgraded by EKS at the end, never billed for extended support";
    return {
      stack: cluster.stack,
      item: "EKS control plane",
      detail:
        `1 cluster × ${unitUsd(hourly)}/h ` +
        `(Kubernetes ${version}, ${extended ? "in extended support" : `standard support until ${standardEnds}`}; ${policy})`,
      monthly: fixed(monthlyOf(hourly)),
      addresses: [cluster.address],
    };
  });
}

function nodeGroups({ stacks, prices }: MeterContext, problems: string[]): CostLine[] {
  return resourcesOf(stacks, "aws_eks_node_group").flatMap((group) => {
    const types = asList(group.config.instance_types).map(String);
    const unknown = types.filter((t) => prices.ec2InstanceHour[t] === undefined);
    if (types.length === 0 || unknown.length > 0) {
      problems.push(
        `${group.stack}: ${group.address}: instance type ${unknown.map((t) => `"${t}"`).join(", ") || "(none)"} ` +
          `has no ${prices.region} price in src/cost/prices/${prices.region}.ts; ` +
          `priced types: ${Object.keys(prices.ec2InstanceHour).join(", ")}`,
      );
      return [];
    }
    const spot = group.config.capacity_type === "SPOT";
    // EC2 may launch any listed type for Spot: price the dearest. On-demand launches the first type first.
    const priced = spot ? types.reduce((a, b) => (prices.ec2InstanceHour[b] > prices.ec2InstanceHour[a] ? b : a)) : types[0];
    const onDemand = prices.ec2InstanceHour[priced];
    const hourly = spot ? onDemand * (1 - ASSUMPTIONS.spotDiscount) : onDemand;
    const scaling = asList(group.config.scaling_config)[0] ?? {};
    const min = Number(scaling.min_size);
    const desired = Number(scaling.desired_size ?? min);
    const name = String(group.config.node_group_name ?? group.name);
    const template = referenced(stacks, group, asList(group.config.launch_template)[0]?.id);
    const root = rootVolume(template);
    const diskGb = Number(root.gb ?? group.config.disk_size ?? 20);
    const diskType = root.type;
    if (diskType !== "gp3")
      problems.push(`${group.stack}: ${group.address}: root volume type ${diskType} is not priced; the estimate knows gp3`);
    const rate = spot
      ? `${unitUsd(onDemand)}/h on-demand − ${ASSUMPTIONS.spotDiscount * 100}% Spot = ${usd(hourly, 4)}/h`
      : `${unitUsd(onDemand)}/h on-demand`;
    const choice =
      spot && types.length > 1 ? ` (dearest of ${types.join(", ")})` : types.length > 1 ? ` (first of ${types.join(", ")})` : "";
    return [
      {
        stack: group.stack,
        item: `Nodes "${name}" (${spot ? "Spot" : "on-demand"})`,
        detail: `${desired} × ${priced}${choice} at ${rate}; at min ${min}: ${usd(monthlyOf(hourly, min))}`,
        monthly: fixed(monthlyOf(hourly, desired)),
        addresses: [group.address],
      },
      {
        stack: group.stack,
        item: `Node root volumes "${name}"`,
        detail:
          `${desired} × ${diskGb} GB gp3 × ${unitUsd(prices.ebsGp3GbMonth)}/GB-month; ` +
          `at min ${min}: ${usd(min * diskGb * prices.ebsGp3GbMonth)}`,
        monthly: fixed(desired * diskGb * prices.ebsGp3GbMonth),
        addresses: template ? [template.address] : [],
      },
    ];
  });
}

/** The root volume a launch template declares: size and type. */
function rootVolume(template: Resource | undefined): { gb?: number; type: string } {
  const ebs = asList(template?.config.block_device_mappings).map((m) => asList(m.ebs)[0] ?? {})[0];
  return { gb: ebs?.volume_size === undefined ? undefined : Number(ebs.volume_size), type: String(ebs?.volume_type ?? "gp3") };
}

function instances({ stacks, prices }: MeterContext, problems: string[]): CostLine[] {
  return resourcesOf(stacks, "aws_instance").flatMap((instance) => {
    const template = referenced(stacks, instance, asList(instance.config.launch_template)[0]?.id);
    const type = String(instance.config.instance_type ?? template?.config.instance_type);
    const hourly = prices.ec2InstanceHour[type];
    const root = rootVolume(template);
    const gb = Number(asList(instance.config.root_block_device)[0]?.volume_size ?? root.gb ?? 8);
    if (hourly === undefined) {
      problems.push(
        `${instance.stack}: ${instance.address}: instance type "${type}" ` +
          `has no ${prices.region} price in src/cost/prices/${prices.region}.ts; ` +
          `priced types: ${Object.keys(prices.ec2InstanceHour).join(", ")}`,
      );
      return [];
    }
    if (root.type !== "gp3")
      problems.push(`${instance.stack}: ${instance.address}: root volume type ${root.type} is not priced; the estimate knows gp3`);
    const what = String(instance.config.tags?.Name ?? instance.name);
    return [
      {
        stack: instance.stack,
        item: `Instance "${what}" (on-demand)`,
        detail: `1 × ${type} at ${unitUsd(hourly)}/h + ${gb} GB gp3 × ${unitUsd(prices.ebsGp3GbMonth)}/GB-month`,
        monthly: fixed(monthlyOf(hourly) + gb * prices.ebsGp3GbMonth),
        addresses: [instance.address, ...(template ? [template.address] : [])],
      },
    ];
  });
}
