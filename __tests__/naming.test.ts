import { Naming } from "../src/naming";

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
});
