/**
 * Property: whatever an environment file holds, the loader either accepts it and every stack
 * synthesizes, or rejects it with field-level messages; it never fails with a stack trace.
 */
import * as fc from "fast-check";
import { stringify } from "yaml";
import { ConfigError, formatIssue } from "../src/config/issues";
import { validateEnvironments } from "../src/config/load";
import { builtInRaw } from "./support/environments";
import { synthApp } from "./support/stacks";

type Raw = Record<string, any>;

/** Paths of the dev file worth breaking (top-level sections, nested fields, list items). */
const PATHS = [
  ["name"],
  ["region"],
  ["accountId"],
  ["environmentType"],
  ["availabilityZones"],
  ["availabilityZones", 0],
  ["network"],
  ["network", "vpcCidr"],
  ["network", "natMode"],
  ["network", "interfaceEndpoints"],
  ["network", "flowLogs", "retentionDays"],
  ["database", "engineVersion"],
  ["database", "minCapacityAcu"],
  ["database", "maxCapacityAcu"],
  ["database", "readers"],
  ["database", "masterUsername"],
  ["storage", "forceDestroy"],
  ["kms", "deletionWindowDays"],
  ["cluster", "kubernetesVersion"],
  ["cluster", "adminRoleArns"],
  ["cluster", "endpointPublicAccessCidrs"],
  ["cluster", "nodeGroups", 0, "instanceTypes"],
  ["cluster", "nodeGroups", 0, "minSize"],
  ["cluster", "nodeGroups", 0, "desiredSize"],
  ["cluster", "nodeGroups", 0, "capacityType"],
  ["cluster", "nodeGroups", 0, "architecture"],
  ["services"],
  ["services", 0, "name"],
  ["services", 0, "path"],
  ["services", 0, "public"],
  ["services", 1, "port"],
  ["services", 1, "authenticate"],
  ["tags"],
  ["backend"],
  ["backend", "type"],
  ["domain"],
  ["alerts", "emails"],
  ["ci", "githubRepository"],
] as const;

/** Values of every shape, plus plausible ones that are often valid. */
const value = fc.oneof(
  fc.constantFrom(
    "10.50.0.0/16",
    "10.0.0.0/33",
    "eu-central-1b",
    "us-east-1a",
    "t4g.large",
    "m7i.large",
    "SPOT",
    "arm64",
    "/x",
    "s3",
    "local",
    "",
    "latest",
    "non-production",
  ),
  fc.string({ maxLength: 12 }),
  fc.integer({ min: -5, max: 1000 }),
  fc.double({ min: -1, max: 300, noNaN: true }),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string({ maxLength: 6 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 6 }), fc.string({ maxLength: 6 }), { maxKeys: 2 }),
);

const mutation = fc.oneof(
  fc.record({ kind: fc.constant("set" as const), path: fc.constantFrom(...PATHS), value }),
  fc.record({ kind: fc.constant("delete" as const), path: fc.constantFrom(...PATHS) }),
  fc.record({ kind: fc.constant("unknown-key" as const), key: fc.string({ minLength: 1, maxLength: 8 }) }),
);

type Mutation =
  | { kind: "set"; path: readonly (string | number)[]; value: unknown }
  | { kind: "delete"; path: readonly (string | number)[] }
  | { kind: "unknown-key"; key: string };

function apply(env: Raw, m: Mutation): void {
  if (m.kind === "unknown-key") {
    env[`x-${m.key}`] = 1;
    return;
  }
  const path = m.path;
  let node: any = env;
  for (const key of path.slice(0, -1)) {
    if (node === null || typeof node !== "object") return;
    node = node[key];
  }
  if (node === null || typeof node !== "object") return;
  const last = path[path.length - 1];
  if (m.kind === "delete") delete node[last];
  else node[last] = m.value;
}

/** A generated file: the dev file with up to three random changes. */
const generated = fc.array(mutation, { minLength: 0, maxLength: 3 }).map((mutations) => {
  const env = builtInRaw("dev");
  mutations.forEach((m) => apply(env, m));
  return stringify(env);
});
const SEED = 20261124;

/** The configs of a generated file, or undefined when the loader refuses it (field by field, never with a stack trace). */
function loaded(text: string) {
  try {
    return validateEnvironments([{ file: "dev.yaml", text }]).map((e) => e.config);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    const issues = (error as ConfigError).issues;
    expect(issues.length).toBeGreaterThan(0);
    for (const issue of issues) {
      expect(issue.file).toBe("dev.yaml");
      expect(typeof issue.path).toBe("string");
      expect(issue.rule.length).toBeGreaterThan(5);
      expect(formatIssue(issue)).toContain(issue.path ? `dev.yaml: ${issue.path} = ` : "dev.yaml: (whole file): ");
    }
    expect((error as Error).message).not.toMatch(/\n\s+at /);
    return undefined;
  }
}

describe("environment files, generated", () => {
  test("are accepted, or are rejected field by field, never with a stack trace", () => {
    let accepted = 0;
    fc.assert(
      fc.property(generated, (text) => {
        if (loaded(text)) accepted++;
      }),
      { numRuns: 100, seed: SEED },
    );
    // The generator must also produce valid files, or the property below is untested.
    expect(accepted).toBeGreaterThan(5);
  });

  test("that are accepted synthesize every stack", () => {
    fc.assert(
      fc.property(generated, (text) => {
        const configs = loaded(text);
        fc.pre(configs !== undefined);
        const stacks = synthApp(configs!);
        expect(Object.keys(stacks).sort()).toEqual(["bootstrap-111111111111", "dev-apps", "dev-cluster", "dev-data", "dev-network"]);
      }),
      // 12 accepted files, not every accepted file of the 100 above (36): each is a whole synth of an environment
      // whenever the sources changed (every edit of the inner loop), and these 12 already reach the constructs with
      // optional sections removed and values changed; the loader's property above is the one that needs many files,
      // and it costs no synth.
      { numRuns: 12, seed: SEED },
    );
  }, 120_000);
});
