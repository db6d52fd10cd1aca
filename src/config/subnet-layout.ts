import { formatCidr, Ipv4Cidr, parseCidr, subnet } from "./cidr";

/**
 * How a VPC is divided, computed at synth time (no API look-ups, no Terraform functions):
 *
 * - the VPC is cut into {@link AZ_SLOTS} slots so that adding an availability zone later never
 *   moves an existing subnet (a moved subnet is a replaced subnet);
 * - the first half holds the private subnets (nodes and pods: the VPC CNI gives every pod a VPC
 *   address, so they get the most room), one `/(vpc+3)` per slot;
 * - the third quarter holds the public subnets (load balancers, NAT) and then the isolated
 *   subnets (Aurora), one `/(vpc+5)` per slot each;
 * - the last quarter is left free for later needs (another tier, secondary ranges).
 *
 * For a /16 that is a /19 private, a /21 public and a /21 isolated subnet per AZ.
 */
export const AZ_SLOTS = 4;
/** Private subnets hold nodes and pods: anything smaller than a /24 runs out of pod addresses. */
export const MIN_PRIVATE_SUBNET_SIZE = 24;
/** Largest VPC AWS allows. */
export const LARGEST_VPC_PREFIX = 16;
/** Smallest VPC this layout fits into. */
export const SMALLEST_VPC_PREFIX = MIN_PRIVATE_SUBNET_SIZE - 3;

export type SubnetTier = "public" | "private" | "isolated";

export interface SubnetSpec {
  readonly tier: SubnetTier;
  readonly availabilityZone: string;
  readonly cidr: string;
}

export interface SubnetLayout {
  readonly public: readonly SubnetSpec[];
  readonly private: readonly SubnetSpec[];
  readonly isolated: readonly SubnetSpec[];
}

/** Why this VPC cannot hold the layout, or undefined when it can. */
export function layoutProblem(vpcCidr: Ipv4Cidr, availabilityZoneCount: number): string | undefined {
  const problems: string[] = [];
  if (vpcCidr.prefix < LARGEST_VPC_PREFIX) {
    problems.push(`AWS allows VPCs from /${LARGEST_VPC_PREFIX} to /28; use /${LARGEST_VPC_PREFIX} to /${SMALLEST_VPC_PREFIX}`);
  } else if (vpcCidr.prefix > SMALLEST_VPC_PREFIX) {
    problems.push(
      `is too small: each of the ${AZ_SLOTS} AZ slots gets a private subnet of /${vpcCidr.prefix + 3}, ` +
        `and private subnets (nodes and pods) need at least /${MIN_PRIVATE_SUBNET_SIZE}; use /${SMALLEST_VPC_PREFIX} or larger`,
    );
  }
  if (availabilityZoneCount > AZ_SLOTS) {
    problems.push(`the layout has ${AZ_SLOTS} AZ slots, ${availabilityZoneCount} AZs were given`);
  }
  return problems.length > 0 ? problems.join("; ") : undefined;
}

/** Lays out the subnets of `vpcCidr` across `availabilityZones`; throws when {@link layoutProblem} would complain. */
export function computeSubnetLayout(vpcCidr: string, availabilityZones: readonly string[]): SubnetLayout {
  const vpc = parseCidr(vpcCidr);
  if (!vpc) throw new Error(`not a CIDR block: ${vpcCidr}`);
  const problem = layoutProblem(vpc, availabilityZones.length);
  if (problem) throw new Error(`${vpcCidr}: ${problem}`);

  const slotBits = Math.log2(AZ_SLOTS);
  const smallBits = slotBits + 3; // public and isolated blocks: /(vpc+5) for 4 slots
  const thirdQuarter = 2 ** smallBits / 2; // index of the first small block in the second half
  const spec = (tier: SubnetTier, az: string, cidr: Ipv4Cidr): SubnetSpec => ({
    tier,
    availabilityZone: az,
    cidr: formatCidr(cidr),
  });
  return {
    private: availabilityZones.map((az, i) => spec("private", az, subnet(vpc, slotBits + 1, i))),
    public: availabilityZones.map((az, i) => spec("public", az, subnet(vpc, smallBits, thirdQuarter + i))),
    isolated: availabilityZones.map((az, i) => spec("isolated", az, subnet(vpc, smallBits, thirdQuarter + AZ_SLOTS + i))),
  };
}
