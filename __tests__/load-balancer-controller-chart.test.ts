/**
 * The AWS Load Balancer Controller rendered, not assumed: the pinned chart package, rendered by
 * the real Helm with exactly the values each apps stack synthesizes (read from `cdk.tf.json`,
 * Terraform references stubbed), for every built-in environment and fixture. Every values key is
 * checked against the chart's own values.yaml, every rendered object against the Kubernetes
 * OpenAPI schema of its apiVersion or its CRD.
 */
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { LOAD_BALANCER_CONTROLLER, LOAD_BALANCER_CONTROLLER_IMAGE } from "../src/constructs/addons/load-balancer-controller/pins";
import { validateEnvironments } from "../src/config/load";
import { EnvironmentConfig } from "../src/config/schema";
import { APPLY_CRDS_COMMAND, controllerCrdsFile } from "../src/constructs/addons/load-balancer-controller/controller-release";
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
import { crdsOf, validateObjects } from "./support/kube-validate";
import { resourcesOf, synthApp } from "./support/stacks";

type Json = Record<string, any>;
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
  test.each(names)(
    "%s: the release waits for a server-side apply of the chart's CRDs, redone whenever the chart version changes",
    (env) => {
      const apps = synthesized[`${env}-apps`];
      const steps = Object.entries(resourcesOf(apps, "terraform_data")).filter(([name]) => /LoadBalancerController_Crds/.test(name));
      expect(steps).toHaveLength(1);
      const [name, step] = steps[0];
      expect(step.triggers_replace).toMatchObject({ chartVersion: LOAD_BALANCER_CONTROLLER.chartVersion });
      expect(step.triggers_replace.crds).toMatch(/^[0-9A-F]{32,}$/i);
      const [exec] = step.provisioner.map((p: Json) => p["local-exec"]);
      expect(exec.command).toBe(APPLY_CRDS_COMMAND);
      expect(exec.command).toMatch(/kubectl .*apply --server-side --force-conflicts/);
      expect(exec.command).toMatch(/aws eks update-kubeconfig/);
      expect(exec.environment).toMatchObject({
        REGION: configOf(env).region,
        CRDS: expect.stringMatching(/aws-load-balancer-controller-3\.5\.0\.yaml$/),
      });
      expect(exec.environment.CLUSTER).toMatch(/aws_eks_clusterEksname/);
      expect(controllerRelease(env).depends_on).toContain(`terraform_data.${name}`);
    },
  );

  test("the command takes its inputs from the environment only (nothing from Terraform is spliced into the shell)", () => {
    expect(APPLY_CRDS_COMMAND).not.toMatch(/\$\{/);
    expect(APPLY_CRDS_COMMAND).toMatch(/^set -euo pipefail/);
    // A runner without the tools fails with a message that says which one, before touching anything.
    expect(APPLY_CRDS_COMMAND.split("\n")[1]).toMatch(/for tool in aws kubectl; do command -v "\$tool" .* exit 1; }; done/);
  });

  test("the command (bash, stand-ins for aws, kubectl) makes a private kubeconfig, applies CRDs server-side, then removes it", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rw-crd-step-"));
    try {
      const log = path.join(dir, "calls.log");
      for (const tool of ["aws", "kubectl"]) {
        fs.writeFileSync(path.join(dir, tool), `#!/bin/sh\necho "${tool} $*" >> "${log}"\n`, { mode: 0o755 });
      }
      // A hostile cluster name stays one argument: nothing is spliced into the shell.
      const env = {
        PATH: `${dir}:/usr/bin:/bin`,
        CLUSTER: 'road-warrior-dev"; touch pwned; "',
        REGION: "eu-central-1",
        CRDS: "assets/crds.yaml",
      };
      execFileSync("bash", ["-c", APPLY_CRDS_COMMAND], { env, cwd: dir, stdio: "pipe" });
      const [aws, kubectl] = fs.readFileSync(log, "utf8").trim().split("\n");
      const kubeconfig = /--kubeconfig (\S+)/.exec(aws)![1];
      expect(aws).toBe(`aws eks update-kubeconfig --name ${env.CLUSTER} --region eu-central-1 --kubeconfig ${kubeconfig}`);
      expect(kubectl).toBe(
        `kubectl --kubeconfig ${kubeconfig} apply --server-side --force-conflicts --field-manager=road-warrior-crds -f assets/crds.yaml`,
      );
      expect(fs.existsSync(kubeconfig)).toBe(false);
      expect(fs.existsSync(path.join(dir, "pwned"))).toBe(false);

      // Without kubectl: a clear message and a failure before anything is called.
      fs.rmSync(path.join(dir, "kubectl"));
      fs.rmSync(log);
      const run = spawnSync("/bin/bash", ["-c", APPLY_CRDS_COMMAND], { env: { ...env, PATH: dir }, encoding: "utf8" });
      expect(run.status).toBe(1);
      expect(run.stderr).toMatch(/needs kubectl on the PATH/);
      expect(fs.existsSync(log)).toBe(false);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test("a CRD file is committed for the pinned chart version (regenerate it on a chart bump: docs/helm.md)", () => {
    expect(fs.existsSync(controllerCrdsFile())).toBe(true);
    const crds = parseYamlObjects(fs.readFileSync(controllerCrdsFile(), "utf8"), controllerCrdsFile());
    expect(crds.length).toBeGreaterThan(0);
    expect(crds.every((o) => o.kind === "CustomResourceDefinition")).toBe(true);
    expect(crds.map((o) => o.metadata!.name)).toEqual(
      expect.arrayContaining(["ingressclassparams.elbv2.k8s.aws", "targetgroupbindings.elbv2.k8s.aws"]),
    );
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

  test("the committed CRDs are exactly the pinned chart's", () => {
    expect(fs.readFileSync(controllerCrdsFile(), "utf8")).toBe(helmShow(chart(), "crds"));
  });

  test.each(names)("%s: every values key is one the chart's own values.yaml has", (env) => {
    const defaults = parseYamlObjects(helmShow(chart(), "values"), "values.yaml")[0];
    expect(unknownValueKeys(JSON.parse(controllerRelease(env).values[0]), defaults)).toEqual([]);
  });

  test.each(names)("%s: every rendered object is valid against its Kubernetes OpenAPI schema or the chart's CRDs", (env) => {
    const objects = render(env);
    expect(objects.length).toBeGreaterThan(10);
    expect(validateObjects(objects, crdsOf(objects))).toEqual([]);
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
