/**
 * The values contract of charts/backend-service (src/constructs/apps/backend-service/values.ts): the
 * chart's values.schema.json is generated from it, every release the apps stacks synthesize keeps
 * it, and the ALB annotations the RW-ALB rules and the cost read are the ones TypeScript wrote.
 * In-process only (no Helm: helm-backend-service.test.ts renders the same releases with it).
 */
import * as fs from "fs";
import * as path from "path";
import Ajv from "ajv";
import { parse } from "yaml";
import { validateEnvironments } from "../src/config/load";
import { EnvironmentConfig } from "../src/config/schema";
import { backendServiceValuesJsonSchema, backendServiceValuesSchema } from "../src/constructs/apps/backend-service/values";
import { ingressOf, readAlbAnnotations } from "../src/synthesized/ingress-annotations";
import { fixtureFile, serviceFixtureConfigs } from "./support/environments";
import { synthApp } from "./support/stacks";
import { isBackendServiceRelease, stubReferences } from "./support/backend-releases";

const CHART = path.join(__dirname, "..", "charts", "backend-service");
const configs: EnvironmentConfig[] = serviceFixtureConfigs()
  // The isolated fixture shares its VPC range with mesh: validated (and synthesized) on its own.
  .concat(validateEnvironments([fixtureFile("isolated", "isolated")]).map((e) => e.config));
const stacks = { ...synthApp(configs.slice(0, -1)), ...synthApp(configs.slice(-1)) };
/** Each release with its values as Helm gets them after apply (Terraform references stubbed by values of their kind). */
const releases = configs.flatMap((config) =>
  Object.entries<Record<string, any>>(stacks[`${config.name}-apps`].resource?.helm_release ?? {})
    .filter(([, release]) => isBackendServiceRelease(release))
    .map(([name, release]) => ({ environment: config.name, name, release, values: JSON.parse(stubReferences(release.values[0])) })),
);
const releaseOf = (environment: string, service: string) =>
  releases.find((r) => r.environment === environment && r.release.name === service)!;

/** Deep merge as Helm merges a release's values over the chart's values.yaml (maps merge, everything else replaces). */
function helmMerge(base: any, over: any): any {
  if (!base || !over || typeof base !== "object" || typeof over !== "object" || Array.isArray(base) || Array.isArray(over)) return over;
  return Object.fromEntries(
    [...new Set([...Object.keys(base), ...Object.keys(over)])].map((k) => [k, k in over ? helmMerge(base[k], over[k]) : base[k]]),
  );
}

describe("charts/backend-service values contract", () => {
  test("charts/backend-service/values.schema.json is the one the values contract generates (run npm run schema)", () => {
    expect(fs.readFileSync(path.join(CHART, "values.schema.json"), "utf8")).toBe(backendServiceValuesJsonSchema());
  });

  test("every backend-service release of dev, prod and the fixtures keeps the contract", () => {
    expect(releases.length).toBeGreaterThan(configs.length);
    for (const r of releases) {
      const result = backendServiceValuesSchema.safeParse(r.values);
      expect([r.environment, r.name, result.success ? [] : result.error.issues]).toEqual([r.environment, r.name, []]);
    }
  });

  test("the JSON Schema accepts each release over values.yaml, as Helm checks it; refuses one without a key the stack sets", () => {
    const validate = new Ajv({ strict: false, allErrors: true }).compile(JSON.parse(backendServiceValuesJsonSchema()));
    const defaults = parse(fs.readFileSync(path.join(CHART, "values.yaml"), "utf8"));
    for (const r of releases) {
      const merged = helmMerge(defaults, r.values);
      expect([r.environment, r.name, validate(merged) ? [] : validate.errors]).toEqual([r.environment, r.name, []]);
    }
    const { port: _port, ...withoutPort } = helmMerge(defaults, releaseOf("dev", "notifications").values);
    expect(validate(withoutPort)).toBe(false);
    expect(JSON.stringify(validate.errors)).toMatch(/port/);
  });

  test("values.yaml holds only keys the stack never sets: nothing there is a default the stack overrides", () => {
    const defaults = parse(fs.readFileSync(path.join(CHART, "values.yaml"), "utf8"));
    const leaves = (value: any, prefix = ""): string[] =>
      value && typeof value === "object" && !Array.isArray(value)
        ? Object.entries(value).flatMap(([k, v]) => leaves(v, prefix ? `${prefix}.${k}` : k))
        : [prefix];
    const set = new Set(releases.flatMap((r) => leaves(r.values)));
    expect(leaves(defaults).filter((leaf) => set.has(leaf) || [...set].some((s) => s.startsWith(`${leaf}.`)))).toEqual([]);
  });

  test.each<[string, (v: any) => void, RegExp]>([
    ["the latest tag", (v) => (v.image.tag = "latest"), /latest/],
    ["a privileged port", (v) => (v.port = 80), /port/],
    ["fewer max than min replicas", (v) => (v.autoscaling.minReplicas = v.autoscaling.maxReplicas + 1), /minReplicas/],
    ["a database without CIDRs", (v) => (v.networkPolicy.egress.database = { enabled: true, cidrs: [], port: 5432 }), /cidrs/],
    ["a caller named twice", (v) => (v.networkPolicy.ingress.allowedCallers = ["a1", "a1"]), /repeat/],
    ["a second port (the old service.port)", (v) => (v.service = { port: 8080 }), /service/],
    ["an annotation of another controller", (v) => (v.ingress.annotations["nginx.ingress.kubernetes.io/x"] = "y"), /annotations/],
  ])("the contract refuses %s", (_what, change, message) => {
    const values = structuredClone(releaseOf("dev", "trips-api").values);
    change(values);
    const result = backendServiceValuesSchema.safeParse(values);
    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error!.issues)).toMatch(message);
  });
});

describe("the Ingress annotations TypeScript writes are the ones the rules and the cost read", () => {
  test("a public service's release carries the controller annotations, inbound CIDRs and class; an internal one no Ingress", () => {
    const dev = releaseOf("dev", "trips-api");
    expect(dev.values.ingress).toMatchObject({ enabled: true, className: "alb", path: "/api" });
    expect(dev.values.ingress.annotations["alb.ingress.kubernetes.io/inbound-cidrs"]).toBe("198.51.100.0/24");
    expect(releaseOf("dev", "notifications").values.ingress).toEqual({ enabled: false });
  });

  test("the reader returns the release's annotations and class exactly as written, with no default of the chart filled in", () => {
    const dev = releaseOf("dev", "trips-api");
    const resource = { stack: "dev-apps", type: "helm_release", name: dev.name, address: `helm_release.${dev.name}`, config: dev.release };
    expect(ingressOf(resource)).toEqual({ annotations: JSON.parse(dev.release.values[0]).ingress.annotations, className: "alb" });
    expect(readAlbAnnotations(resource)!["inbound-cidrs"]).toBe("198.51.100.0/24");
    // A release whose values name no class and no controller annotation is not taken for an ALB.
    const bare = { ...resource, config: { values: [JSON.stringify({ ingress: { enabled: true, path: "/x", annotations: {} } })] } };
    expect(ingressOf(bare)).toEqual({ annotations: {}, className: undefined });
    expect(readAlbAnnotations(bare)).toBeUndefined();
  });
});
