/**
 * The Karpenter releases rendered with the real Helm (v4.1.4): our NodePools chart with the values
 * each apps stack synthesizes, validated against the pinned CRDs' openAPIV3Schema (karpenter-crd
 * 1.14.1) and checked for the hardening; the upstream controller chart with our values.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse } from "yaml";
import Ajv from "ajv";
import { KARPENTER, KARPENTER_AMI } from "../src/constructs/addons/karpenter/pins";
import { NODEPOOLS_CHART_DIR } from "../src/constructs/addons/karpenter/nodepools-release";
import { builtIn } from "./support/environments";
import { chartPackage, helmLint, helmTemplate, KubeObject, stubTokens } from "./support/helm";

type K8sObject = KubeObject & { metadata: { name: string; [key: string]: any } };
/** The real Helm's render; every object of these charts has a name. */
const render = (...args: Parameters<typeof helmTemplate>) => helmTemplate(...args) as K8sObject[];
import { synthApp } from "./support/stacks";

jest.setTimeout(120_000);

const crdPackage = chartPackage(`karpenter-crd-${KARPENTER.chartVersion}.tgz`);
const controllerPackage = chartPackage(`karpenter-${KARPENTER.chartVersion}.tgz`);
if (!crdPackage || !controllerPackage) {
  console.warn(
    `\n*** SKIPPING the Karpenter CRD and controller chart tests: karpenter(-crd)-${KARPENTER.chartVersion}.tgz not in HELM_CHARTS_DIR or ../shared/charts (fill it with helm pull oci://public.ecr.aws/karpenter/karpenter{,-crd} --version ${KARPENTER.chartVersion}). ***\n`,
  );
}
const withCharts = crdPackage && controllerPackage ? describe : describe.skip;

/** dev with natMode none: the isolated-VPC settings and the pull-through image. */
function isolatedDev() {
  const dev = builtIn("dev");
  const interfaceEndpoints = [
    "ecr.api",
    "ecr.dkr",
    "sts",
    "eks-auth",
    "ec2",
    "elasticloadbalancing",
    "logs",
    "secretsmanager",
    "ssm",
    "sqs",
  ] as const;
  return {
    ...dev,
    name: "iso",
    network: { ...dev.network, vpcCidr: "10.30.0.0/16", natMode: "none" as const, interfaceEndpoints: [...interfaceEndpoints] },
  };
}
const stacks = synthApp([builtIn("dev"), builtIn("prod"), isolatedDev()]);
const releaseValues = (env: string, release: string): any => {
  const r = stacks[`${env}-apps`].resource.helm_release[release];
  return stubTokens(JSON.parse(r.values[0]), (text) =>
    text.includes("cluster_security_group_id") || text.includes("security_group") ? "sg-0123456789abcdef0" : "stub-value",
  );
};
const ENVS = ["dev", "prod"] as const;
const poolValues = Object.fromEntries(ENVS.map((env) => [env, releaseValues(env, "KarpenterNodePools")]));
const rendered = Object.fromEntries(
  ENVS.map((env) => [env, render(NODEPOOLS_CHART_DIR, poolValues[env], { releaseName: "karpenter-nodepools", namespace: "kube-system" })]),
);
const ofKind = (objects: K8sObject[], kind: string) => objects.filter((o) => o.kind === kind);

describe("charts/karpenter-nodepools", () => {
  test.each(ENVS)("%s: helm lint --strict passes with the synthesized values", (env) => {
    expect(helmLint(NODEPOOLS_CHART_DIR, poolValues[env])).toMatch(/1 chart\(s\) linted, 0 chart\(s\) failed/);
  });

  test.each(ENVS)("%s: one NodePool and one EC2NodeClass per pool of the environment file", (env) => {
    const pools = builtIn(env).cluster.karpenter!.nodePools.map((p) => p.name);
    expect(ofKind(rendered[env], "NodePool").map((o) => o.metadata.name)).toEqual(pools);
    expect(ofKind(rendered[env], "EC2NodeClass").map((o) => o.metadata.name)).toEqual(pools);
    expect(rendered[env]).toHaveLength(2 * pools.length);
  });

  test.each(ENVS)("%s: every NodePool has CPU and memory limits from the file (the cost ceiling) and points at its EC2NodeClass", (env) => {
    const config = builtIn(env).cluster.karpenter!;
    for (const pool of ofKind(rendered[env], "NodePool")) {
      const own = config.nodePools.find((p) => p.name === pool.metadata.name)!;
      expect(pool.spec.limits).toEqual({ cpu: String(own.limits.cpu), memory: `${own.limits.memoryGib}Gi` });
      expect(pool.spec.template.spec.nodeClassRef).toEqual({ group: "karpenter.k8s.aws", kind: "EC2NodeClass", name: pool.metadata.name });
      expect(pool.spec.disruption.consolidationPolicy).toBe(own.consolidationPolicy);
      expect(pool.spec.template.spec.expireAfter).toBe(own.expireAfter);
    }
  });

  test.each(ENVS)(
    "%s: EC2NodeClasses hardened: pinned AL2023 alias, IMDSv2 hop limit 1, encrypted gp3 root, discovery selectors, stack instance profile",
    (env) => {
      for (const nodeClass of ofKind(rendered[env], "EC2NodeClass")) {
        const spec = nodeClass.spec;
        expect(spec.amiSelectorTerms).toEqual([{ alias: KARPENTER_AMI.alias }]);
        expect(spec.amiSelectorTerms[0].alias).not.toMatch(/@latest$/);
        expect(spec.metadataOptions).toEqual({
          httpEndpoint: "enabled",
          httpProtocolIPv6: "disabled",
          httpPutResponseHopLimit: 1,
          httpTokens: "required",
        });
        expect(spec.blockDeviceMappings).toEqual([
          { deviceName: "/dev/xvda", ebs: expect.objectContaining({ volumeType: "gp3", encrypted: true, deleteOnTermination: true }) },
        ]);
        const discovery = { [KARPENTER.discoveryTagKey]: `road-warrior-${env}` };
        expect(spec.subnetSelectorTerms).toEqual([{ tags: discovery }]);
        expect(spec.securityGroupSelectorTerms).toEqual([{ tags: discovery }, { id: "sg-0123456789abcdef0" }]);
        expect(spec.tags).toEqual(expect.objectContaining(discovery));
        expect(spec.instanceProfile).toBe("stub-value"); // the cluster stack's profile, a cross-stack reference
        expect(spec.role).toBeUndefined();
      }
      const raw = stacks[`${env}-apps`].resource.helm_release.KarpenterNodePools.values[0];
      expect(JSON.parse(raw).instanceProfile).toMatch(/karpenter_NodeRole_InstanceProfile|remote_state/);
    },
  );

  test("the values schema refuses a pool without limits, an @latest alias and an unknown key", () => {
    const pool = poolValues.dev.nodePools[0];
    const { limits: _dropped, ...withoutLimits } = pool;
    expect(() => render(NODEPOOLS_CHART_DIR, { ...poolValues.dev, nodePools: [withoutLimits] }, { namespace: "kube-system" })).toThrow(
      /limits/,
    );
    expect(() => render(NODEPOOLS_CHART_DIR, { ...poolValues.dev, amiAlias: "al2023@latest" }, { namespace: "kube-system" })).toThrow(
      /amiAlias/,
    );
    expect(() =>
      render(NODEPOOLS_CHART_DIR, { ...poolValues.dev, nodePools: [{ ...pool, limit: {} }] }, { namespace: "kube-system" }),
    ).toThrow(/limit/);
  });
});

withCharts("against the pinned Karpenter charts", () => {
  let crds: K8sObject[] = [];
  beforeAll(() => {
    crds = render(crdPackage!, {}, { releaseName: KARPENTER.crdChart, namespace: "kube-system" }).filter(
      (o) => o.kind === "CustomResourceDefinition",
    );
  });
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  const validatorOf = (apiVersion: string, kind: string) => {
    const [group, version] = apiVersion.split("/");
    const crd = crds.find((c) => c.spec.group === group && c.spec.names.kind === kind);
    if (!crd) throw new Error(`no CRD for ${apiVersion} ${kind} in karpenter-crd ${KARPENTER.chartVersion}`);
    const schema = crd.spec.versions.find((v: any) => v.name === version).schema.openAPIV3Schema;
    return ajv.compile(schema);
  };

  test("the CRD chart carries NodePool and EC2NodeClass at v1", () => {
    expect(crds.map((c) => `${c.spec.group}/${c.spec.names.kind}`)).toEqual(
      expect.arrayContaining(["karpenter.sh/NodePool", "karpenter.k8s.aws/EC2NodeClass"]),
    );
  });

  test.each(ENVS)("%s: every rendered NodePool and EC2NodeClass is valid against its CRD's openAPIV3Schema", (env) => {
    for (const object of rendered[env]) {
      const validate = validatorOf(object.apiVersion, object.kind);
      const valid = validate(object);
      expect({ object: `${object.kind}/${object.metadata.name}`, errors: valid ? [] : validate.errors }).toEqual({
        object: `${object.kind}/${object.metadata.name}`,
        errors: [],
      });
    }
  });

  test("the schema check has teeth: an EC2NodeClass with a hop limit above 64 and a NodePool without requirements are refused", () => {
    const nodeClass = structuredClone(ofKind(rendered.dev, "EC2NodeClass")[0]);
    nodeClass.spec.metadataOptions.httpPutResponseHopLimit = 65;
    expect(validatorOf(nodeClass.apiVersion, nodeClass.kind)(nodeClass)).toBe(false);
    const pool = structuredClone(ofKind(rendered.dev, "NodePool")[0]);
    delete pool.spec.template.spec.requirements;
    expect(validatorOf(pool.apiVersion, pool.kind)(pool)).toBe(false);
  });

  test.each(ENVS)(
    "%s: the controller chart renders with our values: on the system node group only, with the cluster, queue and isolation settings",
    (env) => {
      const values = releaseValues(env, "Karpenter");
      const objects = render(controllerPackage!, values, { releaseName: "karpenter", namespace: "kube-system" });
      const deployment = objects.find((o) => o.kind === "Deployment")!;
      const pod = deployment.spec.template.spec;
      expect(pod.nodeSelector).toEqual({
        "kubernetes.io/os": "linux",
        "eks.amazonaws.com/nodegroup": builtIn(env).cluster.karpenter!.systemNodeGroup,
      });
      expect(pod.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions).toEqual(
        expect.arrayContaining([{ key: "karpenter.sh/nodepool", operator: "DoesNotExist" }]),
      );
      const env_ = Object.fromEntries(pod.containers[0].env.filter((e: any) => "value" in e).map((e: any) => [e.name, e.value]));
      expect(env_).toEqual(
        expect.objectContaining({ CLUSTER_NAME: "stub-value", CLUSTER_ENDPOINT: "stub-value", INTERRUPTION_QUEUE: "stub-value" }),
      );
      expect(env_.ISOLATED_VPC).toBeUndefined(); // NAT: pricing look-ups allowed (the chart renders the variable only when true)
      expect(pod.containers[0].image).toMatch(
        new RegExp(`^public\\.ecr\\.aws/karpenter/controller:${KARPENTER.chartVersion.replace(/\./g, "\\.")}@sha256:`),
      );
      expect(pod.containers[0].resources.requests).toEqual({ cpu: "250m", memory: "512Mi" });
      expect(objects.find((o) => o.kind === "ServiceAccount")!.metadata.name).toBe(KARPENTER.serviceAccount);
      expect(deployment.metadata.namespace).toBe(KARPENTER.namespace);
    },
  );

  test("natMode none: isolatedVPC, and the image through the ECR Public pull-through cache of the account and region", () => {
    const objects = render(controllerPackage!, releaseValues("iso", "Karpenter"), { releaseName: "karpenter", namespace: "kube-system" });
    const container = objects.find((o) => o.kind === "Deployment")!.spec.template.spec.containers[0];
    const env_ = Object.fromEntries(container.env.filter((e: any) => "value" in e).map((e: any) => [e.name, e.value]));
    expect(env_.ISOLATED_VPC).toBe("true");
    expect(container.image).toMatch(
      /^111111111111\.dkr\.ecr\.eu-central-1\.amazonaws\.com\/ecr-public\/karpenter\/controller:1\.14\.1@sha256:/,
    );
  });

  test("every top-level value we set is a key of the chart's own values.yaml", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rw-karpenter-chart-"));
    try {
      execFileSync("tar", ["xzf", controllerPackage!, "-C", dir]);
      const chartValues = parse(fs.readFileSync(path.join(dir, "karpenter", "values.yaml"), "utf8"));
      for (const env of ENVS) {
        const ours = releaseValues(env, "Karpenter");
        expect(Object.keys(ours).filter((k) => !(k in chartValues))).toEqual([]);
        expect(Object.keys(ours.settings).filter((k) => !(k in chartValues.settings))).toEqual([]);
        expect(Object.keys(ours.controller).filter((k) => !(k in chartValues.controller))).toEqual([]);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
