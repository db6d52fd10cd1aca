/**
 * The CORS settings and the preflight Ingress as Helm renders them (integration tier: runs the real
 * Helm on the releases the apps stacks synthesize for the built-in dev and prod, prod with sign-in
 * on its public service).
 */
import * as path from "path";
import { loadEnvironments } from "../src/config/load";
import { EnvironmentConfig } from "../src/config/schema";
import { renderBackendReleases, RenderedRelease } from "./support/backend-releases";
import { helmUnavailable } from "./support/helm";

const unavailable = helmUnavailable();
if (unavailable) console.warn(`\n*** SKIPPING the Helm tests of the front end's CORS: ${unavailable}. ***\n`);
const describeWithHelm = unavailable ? describe.skip : describe;

const loaded = loadEnvironments(path.join(__dirname, "..", "environments")).map((e) => e.config);
const configs: EnvironmentConfig[] = loaded.map((c) =>
  c.name === "prod" ? { ...c, services: c.services.map((s) => (s.public ? { ...s, authenticate: true } : s)) } : c,
);
const releases: RenderedRelease[] = unavailable ? [] : renderBackendReleases(configs).releases;

describeWithHelm("the browser's CORS in the rendered manifests", () => {
  test("every public service's container gets exactly the configured origins; no internal service gets any", () => {
    for (const release of releases) {
      const config = configs.find((c) => c.name === release.environment)!;
      const service = config.services.find((s) => s.name === release.resource.name)!;
      const deployment = release.objects.find((o) => o.kind === "Deployment")!;
      const env = Object.fromEntries(deployment.spec.template.spec.containers[0].env.map((e: any) => [e.name, e.value]));
      if (service.public) {
        expect(env).toMatchObject({ CORS_ALLOWED_ORIGINS: config.frontend!.origins.join(","), CORS_ALLOW_CREDENTIALS: "true" });
      } else {
        expect(Object.keys(env).filter((k) => k.startsWith("CORS_"))).toEqual([]);
      }
    }
  });

  test("a path with sign-in renders a second Ingress that sends OPTIONS to the service ahead of the sign-in rule", () => {
    const trips = releases.find((r) => r.environment === "prod" && r.resource.name === "trips-api")!;
    const ingresses = trips.objects.filter((o) => o.kind === "Ingress");
    expect(ingresses.map((o) => o.metadata.name).sort()).toEqual(["trips-api", "trips-api-preflight"]);
    const preflight = ingresses.find((o) => o.metadata.name === "trips-api-preflight")!;
    const main = ingresses.find((o) => o.metadata.name === "trips-api")!;
    expect(main.metadata.annotations["alb.ingress.kubernetes.io/auth-type"]).toBe("cognito");
    expect(preflight.metadata.annotations["alb.ingress.kubernetes.io/auth-type"]).toBeUndefined();
    expect(JSON.parse(preflight.metadata.annotations["alb.ingress.kubernetes.io/conditions.trips-api"])).toEqual([
      { field: "http-request-method", httpRequestMethodConfig: { Values: ["OPTIONS"] } },
    ]);
    expect(preflight.spec).toEqual(main.spec);
    // dev has no sign-in: one Ingress.
    const devTrips = releases.find((r) => r.environment === "dev" && r.resource.name === "trips-api")!;
    expect(devTrips.objects.filter((o) => o.kind === "Ingress").map((o) => o.metadata.name)).toEqual(["trips-api"]);
  });
});
