import * as fs from "fs";
import * as path from "path";
import { bootstrapProviderAlias, Naming, RESERVED_SERVICE_NAMES } from "../src/naming";

describe("naming", () => {
  // The schema caps project at 20 and environment at 12 characters; these are the longest names.
  const longest = new Naming({ project: "p".repeat(20), name: "e".repeat(12), accountId: "123456789012" });

  test("the longest names fit AWS limits (S3 buckets and RDS identifiers: 63)", () => {
    expect(longest.bucket("assets").length).toBeLessThanOrEqual(63);
    expect(longest.bucket("logs").length).toBeLessThanOrEqual(63);
    expect(`${longest.auroraCluster}-final`.length).toBeLessThanOrEqual(63);
    expect(longest.resource("vpc-flow-logs").length).toBeLessThanOrEqual(64);
    expect(longest.eksCluster.length).toBeLessThanOrEqual(100);
  });

  test("names derive from one prefix", () => {
    const naming = new Naming({ project: "road-warrior", name: "dev", accountId: "111111111111" });
    expect(naming.bucket("assets")).toBe("road-warrior-dev-assets-111111111111");
    expect(naming.ecrRepository("trips-api")).toBe("road-warrior/dev/trips-api");
    expect(naming.logGroup("vpc-flow-logs")).toBe("/road-warrior/dev/vpc-flow-logs");
  });

  test("the bootstrap stack's provider alias for an account and region (its resources name it aws.<alias>; the cost tool reads it)", () => {
    expect(bootstrapProviderAlias("111111111111", "eu-central-1")).toBe("account_111111111111_eu_central_1");
    expect(bootstrapProviderAlias("111111111111", "us-gov-west-1")).toBe("account_111111111111_us_gov_west_1");
  });

  test("every role or resource name a stack derives from a literal component is reserved, so no service can take it", () => {
    // A service's role is naming.role(<service>): a service named like a platform component would collide with it.
    const stacks = path.join(__dirname, "..", "src", "stacks");
    const components = fs
      .readdirSync(stacks)
      .flatMap((file) => [...fs.readFileSync(path.join(stacks, file), "utf8").matchAll(/naming\.(?:role|resource)\("([a-z0-9-]+)"\)/g)])
      .map((m) => m[1]);
    expect(components.length).toBeGreaterThan(10);
    expect([...new Set(components)].filter((c) => !(RESERVED_SERVICE_NAMES as readonly string[]).includes(c))).toEqual([]);
  });
});
