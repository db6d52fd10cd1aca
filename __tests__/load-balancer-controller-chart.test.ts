/**
 * The AWS Load Balancer Controller rendered, not assumed: the pinned chart package, rendered by
 * the real Helm with exactly the values each apps stack synthesizes (read from `cdk.tf.json`,
 * Terraform references stubbed), for every built-in environment and fixture. Every values key is
 * checked against the chart's own values.yaml, every rendered object against the Kubernetes
 * OpenAPI schema of its apiVersion or its CRD.
 */
import * as fs from "fs";
import * as path from "path";
import { LOAD_BALANCER_CONTROLLER, LOAD_BALANCER_CONTROLLER_IMAGE } from "../src/constructs/addons/load-balancer-controller/pins";
import { validateEnvironments } from "../src/config/load";
import { EnvironmentConfig } from "../src/config/schema";
import { CONTROLLER_CRDS_CHART_DIR, CONTROLLER_CRDS_RELEASE } from "../src/constructs/addons/load-balancer-controller/crds-release";
import { ECR_PUBLIC_REGISTRY } from "../src/constructs/cluster/ecr-public-cache";
import { Naming } from "../src/naming";
import { builtIn } from "./support/environments";
import {
  chartPackage,
  chartsDir,
  describeWithCharts,
  helmShow,
  helmTemplate,
  KubeObject,
  parseYamlObjects,
  sha256Of,
} from "./support/helm";
import { crdsOf, validateObjects, validateObjectSets } from "./support/kube-validate";
import { resourcesOf, synthApp } from "./support/stacks";

type Json = Record<string, any>;
/** Helm's annotation that leaves an object in place when its release is uninstalled (or an upgrade drops it). */
const KEEP = { "helm.sh/resource-policy": "keep" };
const PACKAGE = `${LOAD_BALANCER_CONTROLLER.chart}-${LOAD_BALANCER_CONTROLLER.chartVersion}.tgz`;
const fixture = (file: string): EnvironmentConfig =>
  validateEnvironments([{ file: path.basename(file), text: fs.readFileSync(path.join(__dirname, "fixtures", file), "utf8") }])[0].config;

const configs = [builtIn("dev"), builtIn("prod"), fixture("cost/lean.yaml"), fixture("isolated/isolated.yaml")];
const synthesized = synthApp(configs);
const names = configs.map((c) => c.name);
const configOf = (env: string) => configs.find((c) => c.name === env)!;

/** The controller's helm_release of an apps stack, as synthesized. */
function controllerRelease(env: string): Json {
  const releases = Object.values(resourcesOf(synthesized[`${env}-apps`], "helm_release")).filter(
    (r) => r.chart === LOAD_BALANCER_CONTROLLER.chart,
  );
  expect(releases).toHaveLength(1);
  return releases[0];
}

/** Plausible values for the Terraform references a release's values hold (known at apply time only). */
function stubTokens(value: unknown, env: string): unknown {
  if (typeof value === "string") {
    return value.replace(/\$\{([^}]*)\}/g, (_, reference: string) => {
      if (/aws_vpc.*[iI]d\b/.test(reference)) return "vpc-0a1b2c3d4e5f67890";
      if (/aws_eks_cluster.*name\b/.test(reference)) return new Naming(configOf(env)).eksCluster;
      throw new Error(`no stub for the reference \${${reference}} in the controller's values of ${env}: add one`);
    });
  }
  if (Array.isArray(value)) return value.map((v) => stubTokens(v, env));
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, stubTokens(v, env)]));
  return value;
}

const isMap = (v: unknown): v is Json => v !== null && typeof v === "object" && !Array.isArray(v);

/**
 * Keys of `ours` the chart's values.yaml does not have. Below a key whose default is an empty map,
 * a list or null the chart takes free-form content (resources, podDisruptionBudget, clusterName...).
 */
export function unknownValueKeys(ours: Json, defaults: Json, prefix = ""): string[] {
  return Object.entries(ours).flatMap(([key, value]) => {
    const at = `${prefix}${key}`;
    if (!(key in defaults)) return [`${at}: not a value of the chart`];
    const chart = defaults[key];
    if (isMap(chart) && Object.keys(chart).length > 0) {
      return isMap(value)
        ? unknownValueKeys(value, chart, `${at}.`)
        : [`${at}: the chart expects a map here, got ${JSON.stringify(value)}`];
    }
    if (chart !== null && !isMap(chart) && !Array.isArray(chart) && (isMap(value) || Array.isArray(value))) {
      return [`${at}: the chart expects a ${typeof chart} here, got ${JSON.stringify(value)}`];
    }
    return [];
  });
}

describe("Load Balancer Controller: what the apps stack synthesizes (no Helm needed)", () => {
  /** The CRD release of an apps stack: its address and resource. */
  const crdRelease = (env: string): [string, Json] => {
    const releases = Object.entries(resourcesOf(synthesized[`${env}-apps`], "helm_release")).filter(
      ([, r]) => r.name === CONTROLLER_CRDS_RELEASE,
    );
    expect(releases).toHaveLength(1);
    return releases[0];
  };

  test.each(names)("%s: the CRDs are their own release of the project's chart, installed before the controller's", (env) => {
    const [name, release] = crdRelease(env);
    expect(release).toMatchObject({
      chart: expect.stringMatching(/^\.\/assets\/.*CrdRelease_Chart.*$/),
      version: LOAD_BALANCER_CONTROLLER.chartVersion,
      namespace: LOAD_BALANCER_CONTROLLER.namespace,
      wait: true,
      atomic: true,
      // Existing clusters have the CRDs already (the chart's crds/ folder and the former kubectl step): adopted, not refused.
      take_ownership: true,
    });
    expect(controllerRelease(env).depends_on).toEqual([`helm_release.${name}`]);
    // Helm reads the controller chart's crds/ folder on a first install only; the CRD release owns them.
    expect(controllerRelease(env).skip_crds).toBe(true);
    // Destroyed after the controller (a dependency outlives what depends on it); the keep policy leaves the CRDs anyway.
    expect(release.depends_on).toBeUndefined();
  });

  test.each(names)("%s: the former kubectl step is forgotten, never destroyed (a removed block with destroy = false)", (env) => {
    const apps = synthesized[`${env}-apps`];
    expect(Object.keys(resourcesOf(apps, "terraform_data")).filter((n) => /LoadBalancerController/.test(n))).toEqual([]);
    const removed = (apps.removed as Json[]).filter((r) => /^terraform_data\.LoadBalancerController_Crds_[0-9A-F]{8}$/.test(r.from));
    expect(removed).toEqual([{ from: expect.any(String), lifecycle: { destroy: false } }]);
  });

  test("the forgotten address is the one the kubectl step had (its construct path: LoadBalancerController/Crds)", () => {
    // The logical id of the step as earlier versions of the stack synthesized it.
    const removed = (synthesized["prod-apps"].removed as Json[]).map((r) => r.from);
    expect(removed).toContain("terraform_data.LoadBalancerController_Crds_0D737B46");
  });

  test.each(names)("%s: no command of any stack calls kubectl: the apps stack needs Terraform and the AWS CLI only", (env) => {
    for (const stage of ["network", "data", "cluster", "apps"]) {
      const stack = synthesized[`${env}-${stage}`];
      if (!stack) continue;
      const commands = Object.values<Json>(stack.resource ?? {})
        .flatMap((byName) => Object.values<Json>(byName))
        .flatMap((resource) => (resource.provisioner ?? []).map((p: Json) => Object.values<Json>(p)[0].command as string));
      // A message may tell a person what to run by hand (echo "... kubectl describe ..."); no command runs it.
      const run = (command: string) => command.replace(/\becho\s+"(?:[^"\\]|\\.)*"/g, "echo").replace(/\becho\s+'[^']*'/g, "echo");
      for (const command of commands) expect(run(command)).not.toMatch(/kubectl/);
      expect(run('kubectl get crd; echo "run kubectl"')).toMatch(/kubectl/);
    }
    // The providers authenticate with the AWS CLI (aws eks get-token), no kubeconfig.
    const apps = synthesized[`${env}-apps`];
    for (const provider of [...apps.provider.kubernetes, ...apps.provider.helm]) {
      const exec = provider.exec ?? provider.kubernetes?.exec;
      expect((Array.isArray(exec) ? exec[0] : exec).command).toBe("aws");
    }
  });

  test("the CRD chart is the pinned version and has one template per CRD of the controller chart, nothing else", () => {
    const chart = parseYamlObjects(fs.readFileSync(path.join(CONTROLLER_CRDS_CHART_DIR, "Chart.yaml"), "utf8"), "Chart.yaml")[0];
    expect(chart).toMatchObject({ name: CONTROLLER_CRDS_RELEASE, version: LOAD_BALANCER_CONTROLLER.chartVersion });
    const templates = fs.readdirSync(path.join(CONTROLLER_CRDS_CHART_DIR, "templates"));
    expect(templates).toEqual(expect.arrayContaining(["ingressclassparams.elbv2.k8s.aws.yaml", "targetgroupbindings.elbv2.k8s.aws.yaml"]));
    for (const file of templates) {
      const [crd, ...rest] = parseYamlObjects(fs.readFileSync(path.join(CONTROLLER_CRDS_CHART_DIR, "templates", file), "utf8"), file);
      expect([file, rest.length, crd.kind, `${crd.metadata!.name}.yaml`]).toEqual([file, 0, "CustomResourceDefinition", file]);
    }
  });

  test("with NAT the image comes from ECR Public (the chart's default); without NAT from the pull-through cache of this account", () => {
    for (const env of ["dev", "prod", "lean"]) expect(JSON.parse(controllerRelease(env).values[0]).image).toBeUndefined();
    expect(JSON.parse(controllerRelease("isolated").values[0]).image).toEqual({
      repository: `444444444444.dkr.ecr.eu-west-1.amazonaws.com/ecr-public/${LOAD_BALANCER_CONTROLLER_IMAGE}`,
    });
  });

  test("without NAT the cluster stack creates the ECR Public pull-through cache rule the image points at; the nodes may use it", () => {
    const cluster = synthesized["isolated-cluster"];
    const rules = Object.values(resourcesOf(cluster, "aws_ecr_pull_through_cache_rule"));
    expect(rules).toEqual([expect.objectContaining({ ecr_repository_prefix: "ecr-public", upstream_registry_url: ECR_PUBLIC_REGISTRY })]);
    // ECR Public needs no upstream credentials: no Secrets Manager secret.
    expect(rules[0].credential_arn).toBeUndefined();
    const image = JSON.parse(controllerRelease("isolated").values[0]).image.repository as string;
    expect(image.split("/")[1]).toBe(rules[0].ecr_repository_prefix);

    // The kubelet pulls with the node role: the first pull of each image imports it and creates its repository.
    const [policy] = Object.values(resourcesOf(cluster, "aws_iam_role_policy"));
    const nodeRole = Object.entries(resourcesOf(cluster, "aws_iam_role")).find(([name]) => /NodeRole/.test(name))!;
    expect(policy.role).toBe(`\${aws_iam_role.${nodeRole[0]}.name}`);
    const document = Object.entries(cluster.data.aws_iam_policy_document).find(([name]) => policy.policy.includes(name))![1] as Json;
    expect(document.statement).toEqual([
      expect.objectContaining({
        actions: ["ecr:BatchImportUpstreamImage", "ecr:CreateRepository"],
        resources: ["arn:${data.aws_partition.partition.partition}:ecr:eu-west-1:444444444444:repository/ecr-public/*"],
      }),
    ]);
    for (const env of ["dev", "prod", "lean"])
      expect(synthesized[`${env}-cluster`].resource.aws_ecr_pull_through_cache_rule).toBeUndefined();
  });

  test("the value checker reports unknown keys, wrong shapes, and accepts free-form maps", () => {
    const defaults = { serviceAccount: { create: true, name: null }, resources: {}, clusterName: null, replicaCount: 2, tolerations: [] };
    expect(unknownValueKeys({ serviceAccount: { nmae: "x" }, replicas: 2 }, defaults)).toEqual([
      "serviceAccount.nmae: not a value of the chart",
      "replicas: not a value of the chart",
    ]);
    expect(unknownValueKeys({ serviceAccount: "x", replicaCount: { n: 1 } }, defaults)).toEqual([
      'serviceAccount: the chart expects a map here, got "x"',
      'replicaCount: the chart expects a number here, got {"n":1}',
    ]);
    expect(unknownValueKeys({ resources: { requests: { cpu: "1" } }, clusterName: "c", tolerations: [{ key: "k" }] }, defaults)).toEqual(
      [],
    );
  });
});

describeWithCharts([PACKAGE], "Load Balancer Controller: the pinned chart rendered by the real Helm", () => {
  const chart = () => chartPackage(PACKAGE)!;
  const rendered: Record<string, KubeObject[]> = {};
  const render = (env: string): KubeObject[] => {
    if (!rendered[env]) {
      const release = controllerRelease(env);
      const values = stubTokens(JSON.parse(release.values[0]), env) as Json;
      rendered[env] = helmTemplate(chart(), values, {
        releaseName: release.name,
        namespace: release.namespace,
        kubeVersion: `${configOf(env).cluster.kubernetesVersion}.0`,
        includeCrds: true,
      });
    }
    return rendered[env];
  };
  const one = (env: string, kind: string) => {
    const objects = render(env).filter((o) => o.kind === kind);
    expect(objects).toHaveLength(1);
    return objects[0];
  };

  test("the package is the pinned one: its sha256 is the catalog's, and the shared README's when there is one", () => {
    expect(sha256Of(chart())).toBe(LOAD_BALANCER_CONTROLLER.packageSha256);
    const readme = path.join(chartsDir()!, "README.md");
    if (fs.existsSync(readme)) {
      const row = fs
        .readFileSync(readme, "utf8")
        .split("\n")
        .find((line) => line.includes(`\`${PACKAGE}\``));
      expect(row).toContain(`\`${LOAD_BALANCER_CONTROLLER.packageSha256}\``);
    }
  });

  test("the CRD chart, rendered, is exactly the pinned chart's CRDs, each with the keep policy (an uninstall never deletes one)", () => {
    const upstream = parseYamlObjects(helmShow(chart(), "crds"), "helm show crds");
    const ours = helmTemplate(CONTROLLER_CRDS_CHART_DIR, {}, { releaseName: CONTROLLER_CRDS_RELEASE, namespace: "kube-system" });
    expect(ours.length).toBe(upstream.length);
    for (const crd of ours) expect([crd.metadata!.name, crd.metadata!.annotations]).toMatchObject([crd.metadata!.name, KEEP]);
    const withoutKeep = ours.map((crd) => {
      const copy = structuredClone(crd);
      delete (copy.metadata!.annotations as Json)["helm.sh/resource-policy"];
      return copy;
    });
    const byName = (objects: KubeObject[]) => [...objects].sort((a, b) => a.metadata!.name!.localeCompare(b.metadata!.name!));
    expect(byName(withoutKeep)).toEqual(byName(upstream));
  });

  test("the comparison is not vacuous: a CRD without the keep policy, or changed, is told apart", () => {
    const ours = helmTemplate(CONTROLLER_CRDS_CHART_DIR, {}, { releaseName: CONTROLLER_CRDS_RELEASE, namespace: "kube-system" });
    const upstream = parseYamlObjects(helmShow(chart(), "crds"), "helm show crds");
    expect(upstream[0].metadata!.annotations).not.toMatchObject(KEEP);
    const changed = structuredClone(ours[0]);
    changed.spec.versions[0].name = "v9";
    expect(ours.map((o) => o.metadata!.name)).toContain(changed.metadata!.name);
    expect(upstream.find((o) => o.metadata!.name === changed.metadata!.name)!.spec).not.toEqual(changed.spec);
  });

  test.each(names)("%s: every values key is one the chart's own values.yaml has", (env) => {
    const defaults = parseYamlObjects(helmShow(chart(), "values"), "values.yaml")[0];
    expect(unknownValueKeys(JSON.parse(controllerRelease(env).values[0]), defaults)).toEqual([]);
  });

  /** The problems of every environment's render, by environment: one validation of them all (one Node process). */
  let validity: Record<string, string[]> | undefined;
  const problemsIn = (env: string): string[] => {
    validity ??= Object.fromEntries(
      validateObjectSets(names.map((e) => ({ objects: render(e), crds: crdsOf(render(e)) }))).map((problems, i) => [names[i], problems]),
    );
    return validity[env];
  };

  test.each(names)("%s: every rendered object is valid against its Kubernetes OpenAPI schema or the chart's CRDs", (env) => {
    expect(render(env).length).toBeGreaterThan(10);
    expect(problemsIn(env)).toEqual([]);
  });

  test.each(names)("%s: cluster name, region and VPC reach the controller's arguments; two replicas in the release's namespace", (env) => {
    const deployment = one(env, "Deployment");
    const args: string[] = deployment.spec.template.spec.containers[0].args;
    expect(args).toEqual(
      expect.arrayContaining([
        `--cluster-name=${new Naming(configOf(env)).eksCluster}`,
        `--aws-region=${configOf(env).region}`,
        "--aws-vpc-id=vpc-0a1b2c3d4e5f67890",
      ]),
    );
    expect(deployment.spec.replicas).toBe(2);
    expect(deployment.metadata!.namespace).toBe(LOAD_BALANCER_CONTROLLER.namespace);
    expect(one(env, "PodDisruptionBudget").spec).toMatchObject({ maxUnavailable: 1 });
    expect(deployment.spec.template.spec.topologySpreadConstraints[0]).toMatchObject({ topologyKey: "topology.kubernetes.io/zone" });
  });

  test.each(names)("%s: the pods run as the service account the cluster stack's Pod Identity association names", (env) => {
    const associations = Object.values(resourcesOf(synthesized[`${env}-cluster`], "aws_eks_pod_identity_association")).filter(
      (a) => a.namespace === LOAD_BALANCER_CONTROLLER.namespace && a.service_account !== "karpenter",
    );
    expect(associations).toHaveLength(1);
    const deployment = one(env, "Deployment");
    expect(deployment.spec.template.spec.serviceAccountName).toBe(associations[0].service_account);
    expect(one(env, "ServiceAccount").metadata).toMatchObject({
      name: associations[0].service_account,
      namespace: associations[0].namespace,
    });
  });

  test.each(names)("%s: the image is the chart's app version, from ECR Public with NAT and from the pull-through cache without", (env) => {
    const image: string = one(env, "Deployment").spec.template.spec.containers[0].image;
    const config = configOf(env);
    const repository =
      config.network.natMode === "none"
        ? `${config.accountId}.dkr.ecr.${config.region}.amazonaws.com/ecr-public/${LOAD_BALANCER_CONTROLLER_IMAGE}`
        : `${ECR_PUBLIC_REGISTRY}/${LOAD_BALANCER_CONTROLLER_IMAGE}`;
    expect(image).toBe(`${repository}:v${LOAD_BALANCER_CONTROLLER.chartVersion}`);
  });

  test("the validation is not vacuous: a wrong type, an unknown kind and an undeclared field of a custom resource are reported", () => {
    const objects = render("prod");
    const deployment = structuredClone(one("prod", "Deployment"));
    deployment.spec.replicas = "two";
    const params = structuredClone(objects.find((o) => o.kind === "IngressClassParams")!);
    params.spec = { ...params.spec, shceme: "internal" };
    const problems = validateObjects(
      [deployment, params, { apiVersion: "example.com/v1", kind: "Widget", metadata: { name: "w" } }],
      crdsOf(objects),
    );
    expect(problems).toEqual([
      expect.stringMatching(/^Deployment kube-system\/aws-load-balancer-controller \(apps\/v1\): \/spec\/replicas must be integer/),
      expect.stringMatching(/^IngressClassParams .*: \/spec has field "shceme" the CRD does not declare/),
      expect.stringMatching(/^Widget w \(example.com\/v1\): neither a built-in kind/),
    ]);
  });
});
