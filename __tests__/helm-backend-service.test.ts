/**
 * charts/backend-service with the real Helm (v4.1.4 from the pinned layer package): `helm lint
 * --strict`, the chart's schema refusing bad values, and `helm template` of every
 * backend-service release of every built-in environment and of the fixtures, with the values the
 * apps stacks synthesize. The rendered pods are checked against Pod Security "restricted", and
 * the rendered NetworkPolicies are evaluated against a table of connections.
 */
import * as fs from "fs";
import * as path from "path";
import { computeSubnetLayout } from "../src/config/subnet-layout";
import { EnvironmentConfig } from "../src/config/schema";
import { renderBackendReleases, RenderedRelease } from "./support/backend-releases";
import { KubeObject } from "./support/helm";
import { crdsOf, validateObjects, validateObjectSets } from "./support/kube-validate";
import { LOAD_BALANCER_CONTROLLER } from "../src/constructs/addons/load-balancer-controller/pins";
import { serviceFixtureConfigs } from "./support/environments";
import { chartPackage, helmLint, helmShow, helmTemplateRaw, helmUnavailable, parseYamlObjects, PROJECT_ROOT } from "./support/helm";
import { ClusterModel, Endpoint, isAllowed, PodEndpoint } from "./support/network-policy";
import { restrictedViolations } from "./support/pod-security";

const unavailable = helmUnavailable();
if (unavailable) {
  // Loud on purpose: a green run without these tests proves much less.
  console.warn(`\n*** SKIPPING the Helm tests of charts/backend-service: ${unavailable}. ***\n`);
}
const describeWithHelm = unavailable ? describe.skip : describe;

const CHART = path.join(PROJECT_ROOT, "charts", "backend-service");
const configs: EnvironmentConfig[] = serviceFixtureConfigs();
const configOf = (name: string) => configs.find((c) => c.name === name)!;

let releases: RenderedRelease[] = [];
if (!unavailable) releases = renderBackendReleases(configs).releases;
const releaseOf = (environment: string, service: string) => {
  const release = releases.find((r) => r.environment === environment && r.resource.name === service);
  if (!release) throw new Error(`no release ${service} in ${environment}`);
  return release;
};
const objectOf = (release: RenderedRelease, kind: string, name?: string) =>
  release.objects.find((o) => o.kind === kind && (name === undefined || o.metadata.name === name));
const kinds = (release: RenderedRelease) => release.objects.map((o) => o.kind).sort();
/** The Load Balancer Controller's CRDs (TargetGroupBinding): what the cluster validates the chart's bindings against. */
const controllerCrds = (): KubeObject[] => {
  const controller = chartPackage(`${LOAD_BALANCER_CONTROLLER.chart}-${LOAD_BALANCER_CONTROLLER.chartVersion}.tgz`);
  if (!controller) throw new Error("the Load Balancer Controller's chart package is missing from the shared charts folder");
  return crdsOf(parseYamlObjects(helmShow(controller, "crds"), "aws-load-balancer-controller crds"));
};

describeWithHelm("charts/backend-service: the chart itself", () => {
  // The values the stack writes, not a hand-kept copy: a public service with a database, an internal one, one with destinations.
  test.each([
    ["dev", "trips-api"],
    ["dev", "notifications"],
    ["mesh", "poller"],
  ])("helm lint --strict with the values of %s/%s", (environment, service) => {
    expect(helmLint(CHART, releaseOf(environment, service).values)).toMatch(/1 chart\(s\) linted, 0 chart\(s\) failed/);
  });

  test("Chart.yaml pins a version; every key of values.yaml is documented with a # -- comment", () => {
    expect(fs.readFileSync(path.join(CHART, "Chart.yaml"), "utf8")).toMatch(/^version: \d+\.\d+\.\d+$/m);
    const lines = fs.readFileSync(path.join(CHART, "values.yaml"), "utf8").split("\n");
    const undocumented = lines
      .map((line, i) => ({ line, i }))
      .filter(({ line }) => /^\s*[A-Za-z][A-Za-z0-9]*:\s*\S/.test(line)) // leaf keys (a value on the line)
      .filter(({ i }) => {
        for (let j = i - 1; j >= 0 && /^\s*#/.test(lines[j]); j--) if (/^\s*# -- /.test(lines[j])) return false;
        return !/^\s*# -- /.test(lines[i - 1] ?? "");
      })
      .map(({ line }) => line.trim());
    // Leaves inside a documented block (resources, probes) are described by the block's comment.
    const inDocumentedBlock = new Set(["requests:", "limits:"]);
    expect(
      undocumented.filter(
        (l) =>
          !/^(cpu|memory|initialDelaySeconds|periodSeconds|timeoutSeconds|failureThreshold|maxSurge|maxUnavailable|k8s-app):/.test(l) &&
          !inDocumentedBlock.has(l),
      ),
    ).toEqual([]);
  });

  // Complete values of an internal service, as the stack writes them: each case below changes one thing of them.
  const base: Record<string, any> = unavailable ? {} : releaseOf("dev", "notifications").values;
  const publicIngress = { enabled: true, className: "alb", path: "/x", annotations: {} };
  test("the complete values Helm is refused against below render (so each refusal has the one reason it names)", () => {
    expect(helmTemplateRaw(CHART, base, { releaseName: "svc", namespace: "svc" }).status).toBe(0);
    expect(helmTemplateRaw(CHART, { ...base, ingress: publicIngress }, { releaseName: "svc", namespace: "svc" }).status).toBe(0);
  });
  const networkPolicyWith = (part: Record<string, unknown>) => ({
    ...base.networkPolicy,
    ingress: { ...base.networkPolicy.ingress, ...(part.ingress as object) },
    egress: { ...base.networkPolicy.egress, ...(part.egress as object) },
  });
  test.each<[string, Record<string, unknown>, RegExp]>([
    ["no image", { ...base, image: undefined }, /image/],
    ["the latest tag", { ...base, image: { ...base.image, tag: "latest" } }, /image\/tag/],
    ["a privileged port", { ...base, port: 80 }, /\/port/],
    ["root", { ...base, securityContext: { runAsUser: 0 } }, /runAsUser/],
    ["an unknown key (a typo is not ignored)", { ...base, replicaCount: 3 }, /replicaCount/],
    ["a second port (the Service's port is the one port, as the VPC CNI requires)", { ...base, service: { port: 80 } }, /'service'/],
    ["a value the stack sets left out (the chart has no default for it)", { ...base, healthPath: undefined }, /healthPath/],
    ["a CIDR that is not one", { ...base, networkPolicy: networkPolicyWith({ ingress: { albCidrs: ["10.0.0.0/33"] } }) }, /albCidrs/],
    [
      "a caller that is not a DNS label",
      { ...base, networkPolicy: networkPolicyWith({ ingress: { allowedCallers: ["Trips_API"] } }) },
      /allowedCallers/,
    ],
    [
      "a database without CIDRs",
      { ...base, networkPolicy: networkPolicyWith({ egress: { database: { enabled: true, cidrs: [], port: 5432 } } }) },
      /database/,
    ],
    ["an Ingress without a path", { ...base, ingress: { ...publicIngress, path: undefined } }, /path/],
    ["an Ingress without its class", { ...base, ingress: { ...publicIngress, className: undefined } }, /className/],
    [
      "an annotation of another controller",
      { ...base, ingress: { ...publicIngress, annotations: { "nginx.ingress.kubernetes.io/rewrite-target": "/" } } },
      /invalid propertyName .nginx\.ingress/,
    ],
    [
      "an outbound destination without ports",
      { ...base, networkPolicy: networkPolicyWith({ egress: { destinations: [{ cidr: "198.51.100.0/24", ports: [] }] } }) },
      /destinations/,
    ],
    [
      "more than 24 ports in one rule (the VPC CNI's limit)",
      {
        ...base,
        networkPolicy: networkPolicyWith({
          egress: { destinations: [{ cidr: "198.51.100.0/24", ports: Array.from({ length: 25 }, (_, i) => 2000 + i) }] },
        }),
      },
      /ports/,
    ],
    [
      "fewer max than min replicas",
      { ...base, autoscaling: { enabled: true, minReplicas: 5, maxReplicas: 2, targetCPUUtilizationPercentage: 70 } },
      /minReplicas \(5\) must not exceed autoscaling.maxReplicas \(2\)/,
    ],
  ])("Helm refuses %s", (_what, values, message) => {
    const result = helmTemplateRaw(CHART, JSON.parse(JSON.stringify(values)), { releaseName: "svc", namespace: "svc" });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(message);
  });

  test("with autoscaling off the Deployment has the replica count; on, it has none (the autoscaler owns it)", () => {
    const render = (values: Record<string, unknown>) =>
      helmTemplateRaw(CHART, { ...base, ...values }, { releaseName: "svc", namespace: "svc" }).stdout;
    expect(
      render({ autoscaling: { enabled: false, minReplicas: 1, maxReplicas: 1, targetCPUUtilizationPercentage: 70 }, replicas: 3 }),
    ).toMatch(/^ {2}replicas: 3$/m);
    const autoscaled = render({ autoscaling: { enabled: true, minReplicas: 2, maxReplicas: 4, targetCPUUtilizationPercentage: 70 } });
    expect(autoscaled).not.toMatch(/^ {2}replicas:/m);
    expect(autoscaled).toMatch(/kind: HorizontalPodAutoscaler/);
  });
});

describeWithHelm("charts/backend-service: every release of every apps stack renders", () => {
  test("one release per service of each environment (dev, prod and the fixtures)", () => {
    for (const config of configs) {
      expect(
        releases
          .filter((r) => r.environment === config.name)
          .map((r) => r.resource.name)
          .sort(),
      ).toEqual(config.services.map((s) => s.name).sort());
    }
  });

  test("each release renders its objects, the Ingress only for public services, all in the service's namespace and named after it", () => {
    for (const release of releases) {
      const service = configOf(release.environment).services.find((s) => s.name === release.resource.name)!;
      const expected = [
        "Deployment",
        "HorizontalPodAutoscaler",
        "NetworkPolicy",
        "NetworkPolicy",
        "PodDisruptionBudget",
        "Service",
        "ServiceAccount",
      ];
      if (service.public) expected.push("Ingress", "TargetGroupBinding");
      if (service.public || service.allowedCallers.length > 0) expected.push("NetworkPolicy");
      expect(kinds(release)).toEqual(expected.sort());
      for (const o of release.objects) expect(o.metadata.namespace).toBe(service.name);
      for (const o of release.objects.filter((o) => o.kind !== "NetworkPolicy")) expect(o.metadata.name).toBe(service.name);
    }
  });

  test("every rendered object is valid against the Kubernetes OpenAPI schema of its apiVersion (kubernetes-models)", () => {
    // One validator process for every environment (each object is named by kind, namespace = service, and name).
    const perEnvironment = validateObjectSets(
      configs.map((config) => ({
        objects: releases.filter((r) => r.environment === config.name).flatMap((r) => r.objects as KubeObject[]),
        crds: controllerCrds(),
      })),
    );
    const problems = configs.flatMap((config, i) => perEnvironment[i].map((p) => `${config.name}: ${p}`));
    expect(releases.length).toBeGreaterThan(configs.length);
    expect(problems).toEqual([]);
  });

  test("the validator does reject a broken object (so the test above can fail)", () => {
    const deployment = JSON.parse(JSON.stringify(objectOf(releaseOf("dev", "trips-api"), "Deployment")));
    deployment.spec.replicas = "three";
    expect(validateObjects([deployment])).not.toEqual([]);
  });

  test("Pod Security restricted admits every pod template (and the root filesystem is read-only)", () => {
    for (const release of releases) {
      const deployment = objectOf(release, "Deployment")!;
      expect({ release: release.address, violations: restrictedViolations(deployment.spec.template.spec) }).toEqual({
        release: release.address,
        violations: [],
      });
    }
  });

  test("each Service's port is its container port (the VPC CNI enforces NetworkPolicies only then): the one port of the values", () => {
    for (const release of releases) {
      const container = objectOf(release, "Deployment")!.spec.template.spec.containers[0];
      expect(container.ports[0].containerPort).toBe(release.values.port);
      expect(objectOf(release, "Service")!.spec.ports).toEqual([
        { name: "http", port: release.values.port, targetPort: "http", protocol: "TCP" },
      ]);
    }
  });

  test("uninstall keeps workload objects (atomic after a failed first install must not delete adopted ones), not NetworkPolicies", () => {
    for (const release of releases) {
      for (const o of release.objects) {
        const expected = o.kind === "NetworkPolicy" ? undefined : "keep";
        expect([release.address, o.kind, o.metadata.annotations?.["helm.sh/resource-policy"]]).toEqual([release.address, o.kind, expected]);
      }
    }
  });

  test("the selector keeps the labels of the Deployments created before Helm (a selector is immutable)", () => {
    for (const release of releases) {
      expect(objectOf(release, "Deployment")!.spec.selector.matchLabels).toEqual({
        "app.kubernetes.io/name": release.resource.name,
        "app.kubernetes.io/part-of": "road-warrior",
      });
    }
  });

  test("the Deployment has no replica count: the autoscaler owns it, between the configured bounds", () => {
    const release = releaseOf("prod", "trips-api");
    expect(objectOf(release, "Deployment")!.spec.replicas).toBeUndefined();
    expect(objectOf(release, "HorizontalPodAutoscaler")!.spec).toMatchObject({
      minReplicas: 3,
      maxReplicas: 12,
      scaleTargetRef: { kind: "Deployment", name: "trips-api" },
    });
    expect(objectOf(release, "PodDisruptionBudget")!.spec.maxUnavailable).toBe(1);
  });

  test("probes on the health path, requests, a memory limit, zone spread, rollouts keep every pod until its replacement is ready", () => {
    const deployment = objectOf(releaseOf("prod", "trips-api"), "Deployment")!;
    const container = deployment.spec.template.spec.containers[0];
    expect(container.readinessProbe.httpGet).toEqual({ path: "/healthz", port: "http" });
    expect(container.livenessProbe.httpGet).toEqual({ path: "/healthz", port: "http" });
    expect(container.ports).toEqual([{ name: "http", containerPort: 8080, protocol: "TCP" }]);
    expect(container.resources).toEqual({ requests: { cpu: "500m", memory: "1Gi" }, limits: { memory: "1Gi" } });
    expect(deployment.spec.template.spec.topologySpreadConstraints[0]).toMatchObject({
      topologyKey: "topology.kubernetes.io/zone",
      maxSkew: 1,
    });
    expect(deployment.spec.strategy).toEqual({ type: "RollingUpdate", rollingUpdate: { maxSurge: "25%", maxUnavailable: "0" } });
    expect(deployment.spec.template.spec.serviceAccountName).toBe("trips-api");
  });

  test("the image is the environment's repository at the configured tag; database settings only for services with a database user", () => {
    const env = (environment: string, service: string) =>
      Object.fromEntries(
        objectOf(releaseOf(environment, service), "Deployment")!.spec.template.spec.containers[0].env.map((e: any) => [e.name, e.value]),
      );
    expect(objectOf(releaseOf("mesh", "booking"), "Deployment")!.spec.template.spec.containers[0].image).toBe(
      "123456789012.dkr.ecr.eu-central-1.amazonaws.com/road-warrior-stub/service:2.0.0",
    );
    expect(releaseOf("prod", "trips-api").resource.values[0]).toMatch(/Repository-trips-apirepository_url\}","tag":"0.1.0"/);
    expect(env("prod", "trips-api")).toMatchObject({
      DB_PORT: "5432",
      DB_NAME: "roadwarrior",
      DB_USER: "trips_api",
      DB_AUTH: "iam",
      DB_SSLMODE: "verify-full",
      ASSETS_PREFIX: "trips-api/",
    });
    expect(env("prod", "notifications").DB_HOST).toBeUndefined();
  });

  test("public services: the Ingress forwards to the Terraform-made target group, the TargetGroupBinding fills it with the pods", () => {
    for (const release of releases.filter((r) => r.values.ingress.enabled)) {
      const name = release.resource.name;
      const arn = release.values.ingress.targetGroupArn;
      expect(arn).toMatch(/:targetgroup\//);
      const ingress = objectOf(release, "Ingress")!;
      // The controller's "use-annotation" backend: the action of the same name forwards to the group.
      expect(ingress.spec.rules[0].http.paths[0].backend.service).toEqual({ name, port: { name: "use-annotation" } });
      expect(JSON.parse(ingress.metadata.annotations[`alb.ingress.kubernetes.io/actions.${name}`])).toEqual({
        type: "forward",
        forwardConfig: { targetGroups: [{ targetGroupARN: arn }] },
      });
      const binding = objectOf(release, "TargetGroupBinding")!;
      expect(binding.spec).toEqual({
        targetGroupARN: arn,
        targetType: "ip",
        serviceRef: { name, port: release.values.port },
        // The ALB's subnets may reach the pods' port, as the NetworkPolicy admits them.
        networking: {
          ingress: [
            {
              from: release.values.networkPolicy.ingress.albCidrs.map((cidr: string) => ({ ipBlock: { cidr } })),
              ports: [{ protocol: "TCP", port: release.values.port }],
            },
          ],
        },
      });
    }
  });

  test("without a target group ARN the Ingress keeps the controller-made group (the chart alone, outside the apps stack)", () => {
    const values = releaseOf("dev", "trips-api").values;
    const { [`alb.ingress.kubernetes.io/actions.trips-api`]: _action, ...annotations } = values.ingress.annotations;
    const objects = helmTemplateRaw(
      CHART,
      { ...values, ingress: { ...values.ingress, targetGroupArn: undefined, annotations } },
      { releaseName: "trips-api", namespace: "trips-api" },
    );
    expect(objects.status).toBe(0);
    expect(objects.stdout).not.toMatch(/kind: TargetGroupBinding/);
    expect(objects.stdout).toMatch(/number: 8080/);
  });

  test("public services: Ingress on the shared ALB group, host on HTTPS environments, the annotations as the stack wrote them", () => {
    const ingress = objectOf(releaseOf("prod", "trips-api"), "Ingress")!;
    expect(ingress.spec.ingressClassName).toBe("alb");
    expect(ingress.spec.rules).toEqual([
      {
        host: "api.road-warrior.example",
        http: {
          paths: [{ path: "/api", pathType: "Prefix", backend: { service: { name: "trips-api", port: { name: "use-annotation" } } } }],
        },
      },
    ]);
    expect(ingress.metadata.annotations).toMatchObject({
      "alb.ingress.kubernetes.io/group.name": "road-warrior-prod",
      "alb.ingress.kubernetes.io/target-type": "ip",
    });
    expect(ingress.metadata.annotations["alb.ingress.kubernetes.io/inbound-cidrs"]).toBeUndefined();
    expect(objectOf(releaseOf("dev", "trips-api"), "Ingress")!.spec.rules[0].host).toBeUndefined();
    const auth = objectOf(releaseOf("mesh", "gateway"), "Ingress")!.metadata.annotations;
    expect(JSON.parse(auth["alb.ingress.kubernetes.io/auth-idp-cognito"])).toEqual({
      userPoolARN: expect.stringMatching(/^arn:aws:/),
      userPoolClientID: "stub-value",
      userPoolDomain: "stub-value",
    });

    // The chart adds nothing of its own to the controller's annotations: what the rules read in the values is what the ALB gets.
    for (const release of releases.filter((r) => r.values.ingress.enabled)) {
      const { "helm.sh/resource-policy": keep, ...rendered } = objectOf(release, "Ingress")!.metadata.annotations;
      expect([release.address, keep, rendered]).toEqual([release.address, "keep", release.values.ingress.annotations]);
      expect(objectOf(release, "Ingress")!.spec.ingressClassName).toBe(release.values.ingress.className);
    }
    expect(objectOf(releaseOf("dev", "trips-api"), "Ingress")!.metadata.annotations["alb.ingress.kubernetes.io/inbound-cidrs"]).toBe(
      "198.51.100.0/24",
    );
  });
});

/** The cluster of one environment: its rendered policies, a pod per service, and the addresses around them. */
function clusterOf(environment: string) {
  const config = configOf(environment);
  const layout = computeSubnetLayout(config.network.vpcCidr, config.availabilityZones);
  const hostIn = (cidr: string, n: number) => cidr.replace(/\.0\/\d+$/, `.${n}`);
  const model: ClusterModel = {
    policies: releases.filter((r) => r.environment === environment).flatMap((r) => r.objects.filter((o) => o.kind === "NetworkPolicy")),
    namespaceLabels: {},
  };
  const pods: Record<string, PodEndpoint> = Object.fromEntries(
    config.services.map((s, i) => [
      s.name,
      {
        kind: "pod",
        namespace: s.name,
        labels: { "app.kubernetes.io/name": s.name, "app.kubernetes.io/part-of": "road-warrior" },
        ip: hostIn(layout.private[i % layout.private.length].cidr, 20 + i),
      },
    ]),
  );
  const portOf = (service: string) => config.services.find((s) => s.name === service)!.port;
  const at = {
    coredns: {
      kind: "pod",
      namespace: "kube-system",
      labels: { "k8s-app": "kube-dns" },
      ip: hostIn(layout.private[0].cidr, 5),
    } as PodEndpoint,
    stranger: { kind: "pod", namespace: "default", labels: { app: "debug" }, ip: hostIn(layout.private[0].cidr, 99) } as PodEndpoint,
    alb: { kind: "address", ip: hostIn(layout.public[layout.public.length - 1].cidr, 10) } as Endpoint,
    natOrNode: { kind: "address", ip: hostIn(layout.private[0].cidr, 200) } as Endpoint,
    database: { kind: "address", ip: hostIn(layout.isolated[layout.isolated.length - 1].cidr, 10) } as Endpoint,
    podIdentity: { kind: "address", ip: "169.254.170.23" } as Endpoint,
    imds: { kind: "address", ip: "169.254.169.254" } as Endpoint,
    awsApi: { kind: "address", ip: "52.94.0.10" } as Endpoint,
    internet: { kind: "address", ip: "8.8.8.8" } as Endpoint,
  };
  return { model, pods, at, portOf };
}

type Case = [string, string, number, "TCP" | "UDP", "allowed" | "denied"];
const DEV_AND_PROD: Case[] = [
  ["alb", "trips-api", 8080, "TCP", "allowed"],
  ["alb", "trips-api", 9090, "TCP", "denied"],
  ["alb", "notifications", 8080, "TCP", "denied"],
  ["internet", "trips-api", 8080, "TCP", "denied"],
  ["natOrNode", "trips-api", 8080, "TCP", "denied"],
  ["stranger", "trips-api", 8080, "TCP", "denied"],
  ["stranger", "notifications", 8080, "TCP", "denied"],
  ["trips-api", "notifications", 8080, "TCP", "allowed"],
  ["reservation-sync", "notifications", 8080, "TCP", "allowed"],
  ["trips-api", "notifications", 9000, "TCP", "denied"],
  ["notifications", "trips-api", 8080, "TCP", "denied"],
  ["trips-api", "reservation-sync", 8080, "TCP", "denied"],
  ["reservation-sync", "trips-api", 8080, "TCP", "denied"],
  ["trips-api", "database", 5432, "TCP", "allowed"],
  ["reservation-sync", "database", 5432, "TCP", "allowed"],
  ["notifications", "database", 5432, "TCP", "denied"],
  ["trips-api", "natOrNode", 5432, "TCP", "denied"],
  ["trips-api", "database", 22, "TCP", "denied"],
  ["trips-api", "coredns", 53, "UDP", "allowed"],
  ["notifications", "coredns", 53, "TCP", "allowed"],
  ["notifications", "coredns", 9153, "TCP", "denied"],
  ["notifications", "podIdentity", 80, "TCP", "allowed"],
  ["trips-api", "imds", 80, "TCP", "denied"],
  ["reservation-sync", "awsApi", 443, "TCP", "allowed"],
  ["reservation-sync", "awsApi", 80, "TCP", "denied"],
  ["reservation-sync", "internet", 8443, "TCP", "denied"],
];
const MESH: Case[] = [
  ["alb", "gateway", 8080, "TCP", "allowed"],
  ["alb", "booking", 9090, "TCP", "denied"],
  ["gateway", "booking", 9090, "TCP", "allowed"],
  ["gateway", "booking", 8080, "TCP", "denied"],
  ["gateway", "mailer", 8080, "TCP", "denied"],
  ["booking", "mailer", 8080, "TCP", "allowed"],
  ["poller", "mailer", 8080, "TCP", "allowed"],
  ["mailer", "booking", 9090, "TCP", "denied"],
  ["poller", "booking", 9090, "TCP", "denied"],
  ["booking", "database", 5432, "TCP", "allowed"],
  ["poller", "database", 5432, "TCP", "denied"],
  ["mailer", "database", 5432, "TCP", "denied"],
];
const POLLER_EGRESS: [string, number, "allowed" | "denied"][] = [
  ["198.51.100.7", 8443, "allowed"],
  ["198.51.100.255", 443, "allowed"],
  ["203.0.113.10", 21, "allowed"],
  ["203.0.113.11", 21, "denied"],
  ["198.51.100.7", 21, "denied"],
  ["192.0.2.1", 8443, "denied"],
];

describeWithHelm("NetworkPolicies: from → to : port", () => {
  const resolve = (cluster: ReturnType<typeof clusterOf>, name: string): Endpoint =>
    cluster.pods[name] ?? (cluster.at as Record<string, Endpoint>)[name];

  describe.each(["dev", "prod"])("%s", (environment) => {
    test.each(DEV_AND_PROD)("%s → %s : %i/%s → %s", (from, to, port, protocol, expected) => {
      const cluster = clusterOf(environment);
      expect(
        isAllowed(cluster.model, { from: resolve(cluster, from), to: resolve(cluster, to), port, protocol }) ? "allowed" : "denied",
      ).toBe(expected);
    });
  });

  describe("mesh (fixture)", () => {
    test.each(MESH)("%s → %s : %i/%s → %s", (from, to, port, protocol, expected) => {
      const cluster = clusterOf("mesh");
      expect(
        isAllowed(cluster.model, { from: resolve(cluster, from), to: resolve(cluster, to), port, protocol }) ? "allowed" : "denied",
      ).toBe(expected);
    });
    test.each(POLLER_EGRESS)("poller → %s : %i → %s (the destinations its environment file declares)", (ip, port, expected) => {
      const cluster = clusterOf("mesh");
      expect(isAllowed(cluster.model, { from: cluster.pods.poller, to: { kind: "address", ip }, port }) ? "allowed" : "denied").toBe(
        expected,
      );
      expect(isAllowed(cluster.model, { from: cluster.pods.gateway, to: { kind: "address", ip }, port }) ? "allowed" : "denied").toBe(
        port === 443 ? "allowed" : "denied",
      );
    });
  });

  test("every service namespace of every environment denies all ingress and egress by default", () => {
    for (const release of releases) {
      const deny = objectOf(release, "NetworkPolicy", "default-deny")!;
      expect(deny.spec).toEqual({ podSelector: {}, policyTypes: ["Ingress", "Egress"] });
    }
  });

  test("each service may reach the Pod Identity agent over IPv4 and IPv6", () => {
    for (const release of releases) {
      const egress = objectOf(release, "NetworkPolicy", `${release.resource.name}-egress`)!.spec.egress;
      expect(egress).toContainEqual({
        to: [{ ipBlock: { cidr: "169.254.170.23/32" } }, { ipBlock: { cidr: "fd00:ec2::23/128" } }],
        ports: [{ protocol: "TCP", port: 80 }],
      });
    }
  });
});
