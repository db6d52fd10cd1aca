/**
 * The stacks of an environment meet through small typed contracts (src/stacks/contracts.ts):
 * the apps stack is built from hand-written outputs with no upstream stack at all, the outputs
 * hold plain values only, and the data stack offers one entry per backend service.
 */
import { DefaultTokenResolver, StringConcat, Testing, Tokenization } from "cdktf";
import { EnvironmentConfig } from "../src/config/schema";
import { AppsStack } from "../src/stacks/apps-stack";
import { ClusterOutputs, DataOutputs, NetworkOutputs } from "../src/stacks/contracts";
import { builtIn } from "./support/environments";
import { builtInStacks, resourcesOf, synthOf } from "./support/stacks";

const account = "222222222222";
const region = "eu-central-1";
const network: NetworkOutputs = {
  vpcId: "vpc-0hand0written0001",
  privateSubnetIds: ["subnet-0private0a", "subnet-0private0b"],
  isolatedSubnetIds: ["subnet-0isolated0a", "subnet-0isolated0b"],
  nodeSecurityGroupId: "sg-0nodes0hand0written",
};
const service = (name: string) => ({
  repositoryUrl: `${account}.dkr.ecr.${region}.amazonaws.com/hand-written/${name}`,
  secretArn: `arn:aws:secretsmanager:${region}:${account}:secret:hand-written/${name}-AbCdEf`,
  roleArn: `arn:aws:iam::${account}:role/hand-written.${name}`,
});
const data: DataOutputs = {
  databaseEndpoint: "hand-written.cluster-abc.eu-central-1.rds.amazonaws.com",
  databaseReaderEndpoint: "hand-written.cluster-ro-abc.eu-central-1.rds.amazonaws.com",
  albLogsBucketName: "hand-written-logs",
  albLogsPrefix: "alb",
  assetsBucketName: "hand-written-assets",
  services: Object.fromEntries(["notifications", "reservation-sync", "trips-api"].map((name) => [name, service(name)])),
};
const cluster: ClusterOutputs = {
  clusterName: "hand-written-cluster",
  clusterEndpoint: "https://HANDWRITTEN.gr7.eu-central-1.eks.amazonaws.com",
  clusterCertificateAuthority: "SGFuZC13cml0dGVuIENB",
  clusterSecurityGroupId: "sg-0cluster0hand0written",
  alarmTopicArn: `arn:aws:sns:${region}:${account}:hand-written-alarms`,
  pageTopicArn: `arn:aws:sns:${region}:${account}:hand-written-alarms-page`,
  ticketTopicArn: `arn:aws:sns:${region}:${account}:hand-written-alarms-ticket`,
  karpenter: { interruptionQueueName: "hand-written-interruptions", nodeInstanceProfileName: "hand-written-karpenter-nodes" },
  edge: {
    certificateArn: `arn:aws:acm:${region}:${account}:certificate/hand-written`,
    webAclArn: `arn:aws:wafv2:${region}:${account}:regional/webacl/hand-written/0000`,
    userPool: {
      arn: `arn:aws:cognito-idp:${region}:${account}:userpool/hand-written`,
      id: `${region}_handwritten`,
      clientId: "handwrittenclient",
      // The front end's public client: production names a front end, whose contract carries it.
      browserClientId: "handwrittenbrowserclient",
      domain: "hand-written",
    },
  },
};

/** Production, with sign-in on trips-api so that every field of the contracts is read. */
function prodWithSignIn(): EnvironmentConfig {
  const config = builtIn("prod");
  return { ...config, services: config.services.map((s) => (s.name === "trips-api" ? { ...s, authenticate: true } : s)) };
}

/** Every leaf of a contract object, with its path. */
function leaves(value: unknown, path: string): [string, unknown][] {
  if (Array.isArray(value)) return value.flatMap((v, i) => leaves(v, `${path}[${i}]`));
  if (value !== null && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype)
    return Object.entries(value).flatMap(([k, v]) => leaves(v, `${path}.${k}`));
  return [[path, value]];
}

describe("the apps stack is built from contracts alone", () => {
  const app = Testing.app();
  const apps = new AppsStack(app, prodWithSignIn(), { network, data, cluster });
  const { text, json } = synthOf(apps);

  test("no upstream stack: no remote state, no dependency", () => {
    expect(json.data?.terraform_remote_state).toBeUndefined();
    expect(apps.dependencies).toEqual([]);
    expect(app.node.children.filter((c) => c !== apps)).toEqual([]);
  });

  test("every hand-written value reaches the synthesized stack", () => {
    const unused = [...leaves(network, "network"), ...leaves(data, "data"), ...leaves(cluster, "cluster")].filter(
      ([path, value]) =>
        // The apps stack reads the VPC only; the subnets and the nodes' group are for the data and cluster stacks.
        !/^network\.(privateSubnetIds|isolatedSubnetIds|nodeSecurityGroupId)/.test(path) && !text.includes(String(value)),
    );
    expect(unused).toEqual([]);
  });

  test("each service's role, image and secret come from its own DataOutputs.services entry", () => {
    const associations = Object.values(resourcesOf(json, "aws_eks_pod_identity_association"));
    expect(Object.fromEntries(associations.map((a) => [a.namespace, a.role_arn]))).toEqual(
      Object.fromEntries(Object.entries(data.services).map(([name, s]) => [name, s.roleArn])),
    );
    const releases = Object.values(resourcesOf(json, "helm_release")).filter((r) => r.name in data.services);
    for (const release of releases) {
      const values = JSON.parse(release.values[0]);
      expect(values.image.repository).toBe(data.services[release.name].repositoryUrl);
      expect(values.env.SECRET_ARN).toBe(data.services[release.name].secretArn);
    }
    expect(releases).toHaveLength(3);
  });

  test("a DataOutputs without an entry for a configured service is refused, naming the services and the field", () => {
    const { notifications: _n, "trips-api": _t, ...services } = data.services;
    expect(() => new AppsStack(Testing.app(), builtIn("prod"), { network, data: { ...data, services }, cluster })).toThrow(
      /prod: DataOutputs\.services has no entry for trips-api, notifications: .*one per services\[\]\.name/,
    );
  });

  test("ClusterOutputs without the Karpenter or HTTPS groups the environment asks for is refused, every gap at once", () => {
    const config = { ...builtIn("prod"), domain: { name: "app.example.com", hostedZoneId: "Z0123456789ABCDEFGHIJ" } };
    expect(config.cluster.karpenter).toBeDefined();
    const { karpenter: _k, edge: _e, ...bare } = cluster;
    const { notifications: _n, ...services } = data.services;
    let message = "";
    try {
      new AppsStack(Testing.app(), config, { network, data: { ...data, services }, cluster: bare });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/^prod: DataOutputs\.services has no entry for notifications/);
    expect(message).toContain("ClusterOutputs.karpenter is missing: the environment file configures cluster.karpenter");
    expect(message).toContain("ClusterOutputs.edge is missing: the environment file names a domain");
  });
});

describe("the stacks' outputs", () => {
  const stacks = builtInStacks();

  test.each(["dev", "prod"] as const)("%s: DataOutputs has one entry per configured service, each from that service's resources", (env) => {
    const data = stacks.environments[env].data;
    const names = builtIn(env).services.map((s) => s.name);
    expect(Object.keys(data.outputs.services).sort()).toEqual([...names].sort());
    expect(Object.keys(data.services).sort()).toEqual([...names].sort());
    for (const name of names) {
      expect(
        Tokenization.resolve(data.outputs.services[name], { scope: data, resolver: new DefaultTokenResolver(new StringConcat()) }),
      ).toEqual({
        repositoryUrl: `\${aws_ecr_repository.Repository-${name}.repository_url}`,
        secretArn: `\${aws_secretsmanager_secret.Secret-${name}.arn}`,
        roleArn: `\${aws_iam_role.ServiceRole-${name}.arn}`,
      });
    }
  });

  test.each(["dev", "prod"] as const)("%s: every output is a plain string (or a list of them), never a construct", (env) => {
    const { network, data, cluster } = stacks.environments[env];
    const all = [...leaves(network.outputs, "network"), ...leaves(data.outputs, "data"), ...leaves(cluster.outputs, "cluster")];
    expect(all.filter(([, value]) => typeof value !== "string" && value !== undefined)).toEqual([]);
    expect(all.length).toBeGreaterThan(15);
  });

  test("the deploy order is explicit: data and cluster after the network, apps after both", () => {
    const { network, data, cluster, apps } = stacks.environments.prod;
    expect(data.dependencies).toContain(network);
    expect(cluster.dependencies).toContain(network);
    expect(apps.dependencies).toContain(cluster);
    expect(apps.dependencies).toContain(data);
  });
});
