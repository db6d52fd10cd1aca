/**
 * IPv4 CIDR arithmetic used to validate environment files and to lay out subnets at synth time.
 * Pure functions, no dependencies: subnet CIDRs are computed here, never looked up from AWS.
 */

export interface Ipv4Cidr {
  /** Network address as an unsigned 32-bit integer. */
  readonly network: number;
  /** Prefix length, 0-32. */
  readonly prefix: number;
}

const CIDR_PATTERN = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/** Parses `a.b.c.d/n`; returns undefined for anything that is not a canonical IPv4 CIDR block. */
export function parseCidr(text: string): Ipv4Cidr | undefined {
  const match = CIDR_PATTERN.exec(text);
  if (!match) return undefined;
  const octets = match.slice(1, 5).map(Number);
  const prefix = Number(match[5]);
  if (octets.some((o) => o > 255) || prefix > 32) return undefined;
  const address = octets.reduce((acc, o) => acc * 256 + o, 0);
  const network = address - (address % blockSize(prefix));
  if (network !== address) return undefined; // host bits set: 10.0.0.1/16 is not a network
  return { network, prefix };
}

/** Why `text` is not a valid CIDR block, or undefined when it is. */
export function cidrProblem(text: string): string | undefined {
  const match = CIDR_PATTERN.exec(text);
  if (!match) return "must be an IPv4 CIDR block such as 10.0.0.0/16";
  if (match.slice(1, 5).some((o) => Number(o) > 255)) return "has an octet above 255";
  if (Number(match[5]) > 32) return "has a prefix length above 32";
  if (!parseCidr(text)) return "has host bits set: use the network address of the block";
  return undefined;
}

export function formatCidr(cidr: Ipv4Cidr): string {
  const n = cidr.network;
  const octets = [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256);
  return `${octets.join(".")}/${cidr.prefix}`;
}

export function blockSize(prefix: number): number {
  return 2 ** (32 - prefix);
}

/** True when the two blocks share at least one address. */
export function overlaps(a: Ipv4Cidr, b: Ipv4Cidr): boolean {
  const aEnd = a.network + blockSize(a.prefix);
  const bEnd = b.network + blockSize(b.prefix);
  return a.network < bEnd && b.network < aEnd;
}

/** True when `inner` lies entirely inside `outer`. */
export function contains(outer: Ipv4Cidr, inner: Ipv4Cidr): boolean {
  return (
    inner.prefix >= outer.prefix &&
    inner.network >= outer.network &&
    inner.network + blockSize(inner.prefix) <= outer.network + blockSize(outer.prefix)
  );
}

/**
 * The `netnum`-th block of `newBits` more bits inside `base`, like Terraform's `cidrsubnet()`.
 * Throws when the result would not fit: callers validate sizes first.
 */
export function subnet(base: Ipv4Cidr, newBits: number, netnum: number): Ipv4Cidr {
  const prefix = base.prefix + newBits;
  if (prefix > 32 || netnum < 0 || netnum >= 2 ** newBits) {
    throw new Error(`cannot take block ${netnum} of /${prefix} inside ${formatCidr(base)}`);
  }
  return { network: base.network + netnum * blockSize(prefix), prefix };
}

/** Private (RFC 1918) and shared (RFC 6598) ranges that AWS accepts for a VPC and that do not route on the internet. */
export const PRIVATE_RANGES: readonly Ipv4Cidr[] = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10"].map((text) =>
  parseCidr(text)!,
);

/**
 * IPv4 ranges that are no public unicast address (IANA's special-purpose registry, RFC 6890, and the
 * multicast and reserved blocks), each with the reason an entry inside it is refused where only public
 * addresses make sense (the public API endpoint's allow-list sees the internet's source addresses only).
 */
export const NOT_PUBLIC_UNICAST: readonly { readonly cidr: Ipv4Cidr; readonly what: string }[] = (
  [
    ["0.0.0.0/8", "reserved (this network, RFC 1122)"],
    ["10.0.0.0/8", "private (RFC 1918)"],
    ["100.64.0.0/10", "the shared address space of carrier-grade NAT (RFC 6598)"],
    ["127.0.0.0/8", "loopback"],
    ["169.254.0.0/16", "link-local"],
    ["172.16.0.0/12", "private (RFC 1918)"],
    ["192.0.0.0/24", "reserved (IETF protocol assignments)"],
    ["192.0.2.0/24", "reserved for documentation (an example, not an address)"],
    ["192.88.99.0/24", "reserved (the retired 6to4 relay anycast)"],
    ["192.168.0.0/16", "private (RFC 1918)"],
    ["198.18.0.0/15", "reserved for network benchmarks"],
    ["198.51.100.0/24", "reserved for documentation (an example, not an address)"],
    ["203.0.113.0/24", "reserved for documentation (an example, not an address)"],
    ["224.0.0.0/4", "multicast"],
    ["240.0.0.0/4", "reserved (future use and the broadcast address)"],
  ] as const
).map(([text, what]) => ({ cidr: parseCidr(text)!, what }));

/** The widest range (shortest prefix) a public allow-list entry may name: an office's /24 at most. */
export const WIDEST_PUBLIC_ALLOW_PREFIX = 24;

/**
 * Why a valid CIDR block may not be an entry of a public allow-list, or undefined when it may: it must lie
 * in public unicast space and be /24 or longer (the deployer's /32, or an office range).
 */
export function publicAllowListProblem(text: string): string | undefined {
  const block = parseCidr(text);
  if (!block) return cidrProblem(text);
  const problems: string[] = [];
  if (block.prefix < WIDEST_PUBLIC_ALLOW_PREFIX) {
    problems.push(
      `must be /${WIDEST_PUBLIC_ALLOW_PREFIX} or longer (your own address as a /32, or your office's range): ` +
        `/${block.prefix} admits ${blockSize(block.prefix)} addresses`,
    );
  }
  const special = NOT_PUBLIC_UNICAST.find((range) => overlaps(range.cidr, block));
  if (special) {
    problems.push(
      `must be a public unicast range: ${formatCidr(special.cidr)} is ${special.what}, ` +
        "and a public endpoint sees only public source addresses",
    );
  }
  return problems.length > 0 ? problems.join("; ") : undefined;
}
