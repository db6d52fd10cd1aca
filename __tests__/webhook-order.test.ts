/**
 * One pass on a first apply: no release may create an object that the Load Balancer Controller's
 * admission webhooks intercept with `failurePolicy: Fail` before the controller's pods serve
 * them (its release has `wait`, so "after the controller's release" means "after it is ready").
 * Otherwise the API server refuses the object while the webhook has no endpoints, and the atomic
 * release rolls back. Read from what is applied, not from a list: the synthesized dependency graph
 * (`depends_on` of every helm_release, transitively) and every release's chart rendered by the
 * real Helm with its synthesized values; the webhooks are those the controller's own render
 * registers. A Service is held to the rule whatever the webhooks are (the chart's default turns its
 * Service webhook on: turning it back on must not be what breaks a first apply).
 */
import * as fs from "fs";
import * as path from "path";
import { validateEnvironments } from "../src/config/load";
import { EnvironmentConfig } from "../src/config/schema";
import { KARPENTER } from "../src/constructs/addons/karpenter/pins";
import { LOAD_BALANCER_CONTROLLER } from "../src/constructs/addons/load-balancer-controller/pins";
import { stubReference } from "./support/backend-releases";
import { builtIn } from "./support/environments";
import { chartPackage, describeWithCharts, helmShow, helmTemplate, KubeObject, parseYamlObjects } from "./support/helm";
import { synthAppDir } from "./support/stacks";

type Json = Record<string, any>;
const CONTROLLER_PACKAGE = `${LOAD_BALANCER_CONTROLLER.chart}-${LOAD_BALANCER_CONTROLLER.chartVersion}.tgz`;
const PACKAGES = [CONTROLLER_PACKAGE, `karpenter-${KARPENTER.chartVersion}.tgz`, `karpenter-crd-${KARPENTER.chartVersion}.tgz`];

const fixture = (file: string): EnvironmentConfig =>
  validateEnvironments([{ file: path.basename(file), text: fs.readFileSync(path.join(__dirname, "fixtures", file), "utf8") }])[0].config;

/** One admission webhook that refuses what it intercepts while it cannot be reached. */
export interface Webhook {
  readonly name: string;
  readonly rules: { apiGroups?: string[]; resources?: string[]; operations?: string[] }[];
  readonly namespaceSelector?: Json;
  readonly objectSelector?: Json;
}

/** What one release applies: its address, the namespace labels it writes into, and its rendered objects. */
export interface RenderedRelease {
  readonly address: string;
  readonly objects: KubeObject[];
}

/** The webhooks with `failurePolicy: Fail` (the API default when unset) among rendered objects. */
export function failingWebhooks(objects: KubeObject[]): Webhook[] {
  return objects
    .filter((o) => o.kind === "MutatingWebhookConfiguration" || o.kind === "ValidatingWebhookConfiguration")
    .flatMap((o) => (o.webhooks ?? []) as Json[])
    .filter((w) => (w.failurePolicy ?? "Fail") === "Fail")
    .map((w) => ({ name: w.name, rules: w.rules ?? [], namespaceSelector: w.namespaceSelector, objectSelector: w.objectSelector }));
}

/** Kubernetes label selector semantics (matchLabels and matchExpressions); an empty or missing selector matches all. */
export function selects(selector: Json | undefined, labels: Record<string, string>): boolean {
  if (!selector) return true;
  const byLabel = Object.entries<string>(selector.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
  const byExpression = ((selector.matchExpressions ?? []) as Json[]).every((e) => {
    const has = Object.prototype.hasOwnProperty.call(labels, e.key);
    switch (e.operator) {
      case "In":
        return has && (e.values as string[]).includes(labels[e.key]);
      case "NotIn":
        return !has || !(e.values as string[]).includes(labels[e.key]);
      case "Exists":
        return has;
      case "DoesNotExist":
        return !has;
      default:
        throw new Error(`unknown label selector operator ${e.operator}`);
    }
  });
  return byLabel && byExpression;
}

const PLURALS: Record<string, string> = { Ingress: "ingresses", IngressClassParams: "ingressclassparams" };
const pluralOf = (kind: string) => PLURALS[kind] ?? `${kind.toLowerCase()}s`;
const groupOf = (apiVersion: string) => (apiVersion.includes("/") ? apiVersion.split("/")[0] : "");
const WORKLOADS = new Set(["Deployment", "StatefulSet", "DaemonSet", "Job", "ReplicaSet"]);

/** What reaches the API server: the rendered objects, and the Pods their workloads create (from the pod template). */
function admitted(objects: KubeObject[]): KubeObject[] {
  return objects.flatMap((o) => {
    if (WORKLOADS.has(o.kind) && o.spec?.template) {
      const pod = { apiVersion: "v1", kind: "Pod", metadata: { ...o.spec.template.metadata, namespace: o.metadata?.namespace } };
      return [o, pod as KubeObject];
    }
    return [o];
  });
}

/** The webhooks that intercept the creation of `object`, in a namespace with `namespaceLabels`. */
export function interceptors(object: KubeObject, namespaceLabels: Record<string, string>, webhooks: Webhook[]): string[] {
  const group = groupOf(object.apiVersion);
  const resource = pluralOf(object.kind);
  const labels = (object.metadata?.labels ?? {}) as Record<string, string>;
  return webhooks
    .filter((w) =>
      w.rules.some(
        (r) =>
          (r.apiGroups ?? []).some((g) => g === "*" || g === group) &&
          (r.resources ?? []).some((x) => x === "*" || x === resource) &&
          (r.operations ?? []).some((op) => op === "*" || op === "CREATE"),
      ),
    )
    .filter((w) => selects(w.objectSelector, labels))
    .filter((w) => object.kind === "Namespace" || selects(w.namespaceSelector, namespaceLabels))
    .map((w) => w.name);
}

/**
 * Every release that can be applied before `controller` is ready although it creates an object a
 * failing webhook intercepts, or a Service: one line each, naming the release, the object and why.
 */
export function racingReleases(
  controller: string,
  releases: RenderedRelease[],
  webhooks: Webhook[],
  dependsOn: (address: string) => string[],
  namespaceLabels: (namespace: string) => Record<string, string>,
): string[] {
  const before = (address: string, seen = new Set<string>()): Set<string> => {
    for (const dep of dependsOn(address)) if (!seen.has(dep)) before(dep, seen.add(dep));
    return seen;
  };
  return releases
    .filter((r) => r.address !== controller && !before(r.address).has(controller))
    .flatMap((r) =>
      admitted(r.objects).flatMap((o) => {
        const why = [
          ...interceptors(o, namespaceLabels(o.metadata?.namespace ?? ""), webhooks),
          ...(o.kind === "Service" ? ["a Service (the chart's Service webhook, on by default)"] : []),
        ];
        return why.length > 0
          ? [`${r.address}: ${o.kind} ${o.metadata?.namespace ?? ""}/${o.metadata?.name ?? ""} (${why.join(", ")})`]
          : [];
      }),
    );
}

const configs = [builtIn("dev"), builtIn("prod"), fixture("cost/lean.yaml"), fixture("isolated/isolated.yaml")];

describeWithCharts(PACKAGES, "apps stack: no release races the Load Balancer Controller's admission webhooks (real Helm renders)", () => {
  const stacks: Record<string, Json> = {};
  const rendered: Record<string, RenderedRelease[]> = {};

  beforeAll(() => {
    // The run's shared synth of these configs (the Load Balancer Controller chart suite reads the same one): read only.
    const outdir = synthAppDir(configs);
    for (const config of configs) {
      const stack = `${config.name}-apps`;
      const dir = path.join(outdir, "stacks", stack);
      const json = JSON.parse(fs.readFileSync(path.join(dir, "cdk.tf.json"), "utf8"));
      stacks[config.name] = json;
      rendered[config.name] = Object.entries<Json>(json.resource.helm_release).map(([name, release]) => {
        // A release without a repository installs a chart folder of the stack's assets.
        const chart = !release.repository
          ? path.join(dir, release.chart)
          : (chartPackage(`${release.chart}-${release.version}.tgz`) ??
            fail(`no package ${release.chart}-${release.version}.tgz for helm_release.${name}: add it to the shared charts`));
        const values = release.values ? JSON.parse(stub(release.values[0])) : {};
        return {
          address: `helm_release.${name}`,
          objects: helmTemplate(chart, values, {
            releaseName: release.name,
            namespace: namespaceOf(json, release.namespace),
            kubeVersion: `${config.cluster.kubernetesVersion}.0`,
          }),
        };
      });
    }
  }, 600_000);

  const dependsOnIn = (env: string) => (address: string) => {
    const [type, name] = address.split(".");
    return (stacks[env].resource[type]?.[name]?.depends_on ?? []) as string[];
  };
  const controllerOf = (env: string) => {
    const releases = Object.entries<Json>(stacks[env].resource.helm_release);
    return `helm_release.${releases.find(([, r]) => r.chart === LOAD_BALANCER_CONTROLLER.chart)![0]}`;
  };
  const webhooksOf = (env: string) => failingWebhooks(rendered[env].find((r) => r.address === controllerOf(env))!.objects);
  const labelsIn = (env: string) => (namespace: string) => namespaceLabels(stacks[env], namespace);
  const names = configs.map((c) => c.name);

  test.each(names)("%s: every release that creates a Service or an intercepted object is applied after the controller is ready", (env) => {
    const controller = controllerOf(env);
    expect(stacks[env].resource.helm_release[controller.split(".")[1]]).toMatchObject({ wait: true, atomic: true });
    expect(racingReleases(controller, rendered[env], webhooksOf(env), dependsOnIn(env), labelsIn(env))).toEqual([]);
    // Not vacuous: the releases render Services (Karpenter's, the backend services') and the controller registers webhooks.
    expect(rendered[env].flatMap((r) => r.objects).filter((o) => o.kind === "Service").length).toBeGreaterThan(1);
    expect(webhooksOf(env).length).toBeGreaterThan(0);
  });

  test.each(names)(
    "%s: the Kubernetes resources the stack applies outside Helm are only namespaces, which no webhook intercepts",
    (env) => {
      const kinds = Object.keys(stacks[env].resource).filter((type) => type.startsWith("kubernetes_"));
      expect(kinds).toEqual(["kubernetes_namespace_v1"]);
      expect(interceptors({ apiVersion: "v1", kind: "Namespace", metadata: { name: "x" } }, {}, webhooksOf(env))).toEqual([]);
    },
  );

  test.each(names)("%s: the Service webhook is off, and no release renders a Service of type LoadBalancer (ALB Ingresses only)", (env) => {
    const controller = rendered[env].find((r) => r.address === controllerOf(env))!.objects;
    const webhooks = controller.filter((o) => /WebhookConfiguration$/.test(o.kind)).flatMap((o) => o.webhooks as Json[]);
    expect(webhooks.map((w) => w.name)).not.toContain("mservice.elbv2.k8s.aws");
    expect(webhooks.flatMap((w) => (w.rules as Json[]).flatMap((r) => r.resources))).not.toContain("services");
    // With the webhook off, the in-tree cloud provider would answer such a Service with a Classic Load Balancer.
    const loadBalancers = rendered[env].flatMap((r) => r.objects).filter((o) => o.kind === "Service" && o.spec?.type === "LoadBalancer");
    expect(loadBalancers).toEqual([]);
  });

  test("the chart's defaults do register the Service webhook with failurePolicy Fail on every Service (why it is turned off)", () => {
    const defaults = parseYamlObjects(helmShow(chartPackage(CONTROLLER_PACKAGE)!, "values"), "values.yaml")[0];
    expect(defaults.enableServiceMutatorWebhook).toBe(true);
    const objects = helmTemplate(chartPackage(CONTROLLER_PACKAGE)!, { clusterName: "c" }, { namespace: "kube-system" });
    const service = { apiVersion: "v1", kind: "Service", metadata: { name: "karpenter", namespace: "kube-system" } };
    expect(interceptors(service, { "kubernetes.io/metadata.name": "kube-system" }, failingWebhooks(objects))).toEqual([
      "mservice.elbv2.k8s.aws",
    ]);
  });

  test("a release that renders a Service without waiting for the controller is reported, with the object and the reason", () => {
    const dependsOn = dependsOnIn("prod");
    const controller = controllerOf("prod");
    // The graph as it was before Karpenter waited for the controller: only its CRDs.
    const without = (address: string) => dependsOn(address).filter((d) => !(address === "helm_release.Karpenter" && d === controller));
    expect(racingReleases(controller, rendered.prod, webhooksOf("prod"), without, labelsIn("prod"))).toEqual([
      expect.stringMatching(/^helm_release\.Karpenter: Service kube-system\/karpenter \(a Service/),
    ]);
    // A backend service's pods in a namespace labelled for readiness-gate injection meet the pod webhook when it fails closed.
    const pods: Webhook = {
      name: "mpod.elbv2.k8s.aws",
      rules: [{ apiGroups: [""], resources: ["pods"], operations: ["CREATE"] }],
      namespaceSelector: { matchExpressions: [{ key: "elbv2.k8s.aws/pod-readiness-gate-inject", operator: "In", values: ["enabled"] }] },
    };
    const deployment: KubeObject = {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "api", namespace: "api" },
      spec: { template: { metadata: { labels: { app: "api" } } } },
    };
    const labelled = () => ({ "elbv2.k8s.aws/pod-readiness-gate-inject": "enabled" });
    expect(racingReleases(controller, [{ address: "helm_release.Api", objects: [deployment] }], [pods], () => [], labelled)).toEqual([
      "helm_release.Api: Pod api/ (mpod.elbv2.k8s.aws)",
    ]);
    expect(
      racingReleases(
        controller,
        [{ address: "helm_release.Api", objects: [deployment] }],
        [pods],
        () => [],
        () => ({}),
      ),
    ).toEqual([]);
  });

  test("label selectors follow Kubernetes: matchLabels and In, NotIn, Exists, DoesNotExist; empty selects all", () => {
    const labels = { a: "1", b: "2" };
    expect(selects(undefined, labels)).toBe(true);
    expect(selects({}, labels)).toBe(true);
    expect(selects({ matchLabels: { a: "1" } }, labels)).toBe(true);
    expect(selects({ matchLabels: { a: "2" } }, labels)).toBe(false);
    expect(selects({ matchExpressions: [{ key: "a", operator: "In", values: ["1", "3"] }] }, labels)).toBe(true);
    expect(selects({ matchExpressions: [{ key: "a", operator: "NotIn", values: ["1"] }] }, labels)).toBe(false);
    expect(selects({ matchExpressions: [{ key: "c", operator: "NotIn", values: ["1"] }] }, labels)).toBe(true);
    expect(selects({ matchExpressions: [{ key: "c", operator: "Exists" }] }, labels)).toBe(false);
    expect(selects({ matchExpressions: [{ key: "c", operator: "DoesNotExist" }] }, labels)).toBe(true);
  });
});

/** Terraform references in a release's values, replaced by stand-ins of their kind (a security group id where one is expected). */
const stub = (text: string): string =>
  text.replace(/\$\{([^}]*)\}/g, (_m, expression: string) =>
    /security_group/.test(expression) ? "sg-0123456789abcdef0" : stubReference(expression),
  );

function fail(message: string): never {
  throw new Error(message);
}

/** A release's namespace: a literal, or a reference to a namespace the stack creates (its name). */
function namespaceOf(stack: Json, namespace: string): string {
  const reference = /^\$\{kubernetes_namespace_v1\.([^.]+)\./.exec(namespace);
  return reference ? stack.resource.kubernetes_namespace_v1[reference[1]].metadata.name : namespace;
}

/** The labels of a namespace as the API server sees them: its own (for those the stack creates) and its name label. */
function namespaceLabels(stack: Json, namespace: string): Record<string, string> {
  const created = Object.values<Json>(stack.resource.kubernetes_namespace_v1 ?? {}).find((n) => n.metadata.name === namespace);
  return { ...(created?.metadata.labels ?? {}), "kubernetes.io/metadata.name": namespace };
}
