import { contains, formatCidr, overlaps, parseCidr, subnet } from "../src/config/cidr";
import { AZ_SLOTS, computeSubnetLayout, layoutProblem, MIN_PRIVATE_SUBNET_SIZE } from "../src/config/subnet-layout";

const azs = (n: number) => ["a", "b", "c", "d"].slice(0, n).map((l) => `eu-central-1${l}`);

describe("CIDR arithmetic", () => {
  test("parses canonical blocks only", () => {
    expect(parseCidr("10.0.0.0/16")).toEqual({ network: 10 * 2 ** 24, prefix: 16 });
    expect(["10.0.0.1/16", "10.0.0.0/33", "256.0.0.0/8", "10.0.0/16", "10.0.0.0"].map(parseCidr)).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });

  test("overlap and containment", () => {
    const a = parseCidr("10.0.0.0/16")!;
    expect(overlaps(a, parseCidr("10.0.255.0/24")!)).toBe(true);
    expect(overlaps(a, parseCidr("10.1.0.0/16")!)).toBe(false);
    expect(contains(parseCidr("10.0.0.0/8")!, a)).toBe(true);
    expect(contains(a, parseCidr("10.0.0.0/8")!)).toBe(false);
  });

  test("subnet() matches Terraform's cidrsubnet()", () => {
    expect(formatCidr(subnet(parseCidr("10.0.0.0/16")!, 5, 17))).toBe("10.0.136.0/21");
    expect(() => subnet(parseCidr("10.0.0.0/16")!, 2, 4)).toThrow(/cannot take block 4/);
  });
});

describe("subnet layout", () => {
  test("a /16 across three AZs: /19 private, /21 public and isolated", () => {
    const layout = computeSubnetLayout("10.20.0.0/16", azs(3));
    expect(layout.private.map((s) => s.cidr)).toEqual(["10.20.0.0/19", "10.20.32.0/19", "10.20.64.0/19"]);
    expect(layout.public.map((s) => s.cidr)).toEqual(["10.20.128.0/21", "10.20.136.0/21", "10.20.144.0/21"]);
    expect(layout.isolated.map((s) => s.cidr)).toEqual(["10.20.160.0/21", "10.20.168.0/21", "10.20.176.0/21"]);
  });

  test("adding an AZ never moves an existing subnet (a moved subnet is a replaced subnet)", () => {
    const two = computeSubnetLayout("10.0.0.0/16", azs(2));
    const four = computeSubnetLayout("10.0.0.0/16", azs(4));
    for (const tier of ["public", "private", "isolated"] as const) {
      expect(four[tier].slice(0, 2)).toEqual(two[tier]);
    }
  });

  test.each([16, 17, 18, 19, 20, 21].flatMap((prefix) => [2, 3, 4].map((n) => [prefix, n])))(
    "/%i with %i AZs: every subnet inside the VPC, none overlapping, private ones at least /24",
    (prefix, n) => {
      const vpc = `10.0.0.0/${prefix}`;
      const layout = computeSubnetLayout(vpc, azs(n));
      const all = [...layout.public, ...layout.private, ...layout.isolated].map((s) => parseCidr(s.cidr)!);
      expect(all).toHaveLength(3 * n);
      expect(all.every((c) => contains(parseCidr(vpc)!, c))).toBe(true);
      all.forEach((a, i) => all.forEach((b, j) => i !== j && expect(overlaps(a, b)).toBe(false)));
      expect(layout.private.every((s) => parseCidr(s.cidr)!.prefix <= MIN_PRIVATE_SUBNET_SIZE)).toBe(true);
    },
  );

  test("refuses what it cannot lay out", () => {
    expect(layoutProblem(parseCidr("10.0.0.0/22")!, 2)).toMatch(/too small/);
    expect(layoutProblem(parseCidr("10.0.0.0/15")!, 2)).toMatch(/\/16/);
    expect(layoutProblem(parseCidr("10.0.0.0/16")!, AZ_SLOTS + 1)).toMatch(/4 AZ slots/);
    expect(() => computeSubnetLayout("10.0.0.0/22", azs(2))).toThrow(/too small/);
  });
});
