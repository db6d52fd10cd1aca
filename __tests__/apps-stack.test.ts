import { DOCUMENTED_CHART_VALUES } from "../src/constructs/apps/load-balancer-controller";
import { LOAD_BALANCER_CONTROLLER } from "../src/config/catalog";
import { builtIn } from "./support/environments";
import { resourcesOf, synthApp } from "./support/stacks";

const synthesized = synthApp([builtIn("dev"), builtIn("prod")]);
const dev = synthesized["dev-apps"];
const prod = synthesized["prod-apps"];
const values = (json: Record<string, any>, type: string) => Object.values(resourcesOf(json, type));
const byName = (json: Record<string, any>, type: string) => Object.fromEntries(values(json, type).map((r) => [r.metadata.name, r]));
const clusterOutput = (env: string, output: string) => `data.terraform_remote_state.cross-stack-reference-input-${env}-cluster.outputs.${output}`;

describe("apps stack: providers", () => {
  test.each(["kubernetes", "helm"])("%s connects with the cluster stack's outputs and a token from aws eks get-token, no kubeconfig", (name) => {
    const [provider] = prod.provider[name];
    const connection = name === "helm" ? provider.kubernetes : provider;
    const exec = name === "helm" ? connection.exec : connection.exec[0];
    expect(connection.host).toBe(`\${${clusterOutput("prod", "cross-stack-output-aws_eks_clusterEksendpoint")}}`);
    expect(connection.cluster_ca_certificate).toBe(`\${base64decode(${clusterOutput("prod", "cross-stack-output-aws_eks_clusterEkscertificate_authority0data")})}`);
    expect(exec).toEqual({
      api_version: "client.authentication.k8s.io/v1beta1",
      command: "aws",
      args: ["eks", "get-token", "--cluster-name", `\${${clusterOutput("prod", "cross-stack-output-aws_eks_clusterEksname")}}`, "--region", "eu-central-1", "--output", "json"],
    });
    expect(JSON.stringify(provider)).not.toMatch(/config_path|config_context/);
  });

  test("the providers are pinned; the cluster is created in another stack", () => {
    expect(prod.terraform.required_providers).toMatchObject({ helm: { version: "3.1.1" }, kubernetes: { version: "2.38.0" }, aws: { version: "5.100.0" } });
    expect(prod.resource.aws_eks_cluster).toBeUndefined();
    expect(synthesized["prod-cluster"].provider.kubernetes).toBeUndefined();
    expect(synthesized["prod-cluster"].provider.helm).toBeUndefined();
  });
});

describe("apps stack: AWS Load Balancer Controller", () => {
  const release = () => values(prod, "helm_release")[0];
  const chartValues = () => JSON.parse(release().values[0]);

  test("installed from eks-charts at the pinned chart version, atomically", () => {
    expect(release()).toMatchObject({
      name: "aws-load-balancer-controller",
      repository: "https://aws.github.io/eks-charts",
      chart: "aws-load-balancer-controller",
      version: LOAD_BALANCER_CONTROLLER.chartVersion,
      namespace: "kube-system",
      wait: true,
      atomic: true,
    });
  });

  test("only values the pinned chart documents are set", () => {
    expect(Object.keys(chartValues()).filter((key) => !(DOCUMENTED_CHART_VALUES as readonly string[]).includes(key))).toEqual([]);
  });

  test("cluster name, region and VPC are explicit (IMDS hop limit 1 hides them from the controller)", () => {
    expect(chartValues()).toMatchObject({
      clusterName: `\${${clusterOutput("prod", "cross-stack-output-aws_eks_clusterEksname")}}`,
      region: "eu-central-1",
      vpcId: "${data.terraform_remote_state.cross-stack-reference-input-prod-network.outputs.cross-stack-output-aws_vpcVpcid}",
    });
  });

  test("two replicas with a disruption budget and requests; the webhook certificate survives upgrades; the Pod Identity service account", () => {
    expect(chartValues()).toMatchObject({
      replicaCount: 2,
      podDisruptionBudget: { maxUnavailable: 1 },
      resources: { requests: { cpu: "100m", memory: "128Mi" } },
      keepTLSSecret: true,
      serviceAccount: { create: true, name: "aws-load-balancer-controller" },
    });
  });
});

describe("apps stack: backend services", () => {
  test("every service gets a namespace (Pod Security restricted), service account, deployment, service, autoscaler and disruption budget", () => {
    const names = ["notifications", "reservation-sync", "trips-api"];
    for (const type of ["kubernetes_namespace_v1", "kubernetes_service_account_v1", "kubernetes_deployment_v1", "kubernetes_service_v1", "kubernetes_horizontal_pod_autoscaler_v2", "kubernetes_pod_disruption_budget_v1"]) {
      expect(Object.keys(byName(prod, type)).sort()).toEqual(names);
    }
    expect(byName(prod, "kubernetes_namespace_v1")["trips-api"].metadata.labels["pod-security.kubernetes.io/enforce"]).toBe("restricted");
    // IP targets: pods of public services get the controller's readiness gate, so a rollout waits for the ALB.
    expect(byName(prod, "kubernetes_namespace_v1")["trips-api"].metadata.labels["elbv2.k8s.aws/pod-readiness-gate-inject"]).toBe("enabled");
    expect(byName(prod, "kubernetes_namespace_v1")["notifications"].metadata.labels["elbv2.k8s.aws/pod-readiness-gate-inject"]).toBeUndefined();
  });

  test("each service account is bound to its role (data stack) through Pod Identity before its pods start", () => {
    const associations = values(prod, "aws_eks_pod_identity_association");
    expect(associations.map((a) => `${a.namespace}/${a.service_account}`).sort()).toEqual([
      "notifications/notifications",
      "reservation-sync/reservation-sync",
      "trips-api/trips-api",
    ]);
    expect(associations.find((a) => a.namespace === "trips-api")!.role_arn).toMatch(/cross-stack-reference-input-prod-data.*ServiceRole-trips-api/);
    expect(byName(prod, "kubernetes_deployment_v1")["trips-api"].depends_on).toEqual(
      expect.arrayContaining([expect.stringMatching(/^aws_eks_pod_identity_association\.PodIdentity-trips-api/), expect.stringMatching(/^helm_release\./)]),
    );
  });

  test("the image comes from the environment's repository at the configured tag", () => {
    const container = byName(prod, "kubernetes_deployment_v1")["trips-api"].spec.template.spec.container[0];
    expect(container.image).toBe(
      "${data.terraform_remote_state.cross-stack-reference-input-prod-data.outputs.cross-stack-output-aws_ecr_repositoryRepository-trips-apirepository_url}:0.1.0",
    );
  });

  test("containers run non-root on a read-only root filesystem with no privileges", () => {
    for (const deployment of values(prod, "kubernetes_deployment_v1")) {
      const pod = deployment.spec.template.spec;
      expect(pod.security_context).toMatchObject({ run_as_non_root: true, seccomp_profile: { type: "RuntimeDefault" } });
      expect(pod.container[0].security_context).toEqual({
        run_as_non_root: true,
        read_only_root_filesystem: true,
        allow_privilege_escalation: false,
        capabilities: { drop: ["ALL"] },
      });
    }
  });

  test("probes on the health path, requests and memory limits, zone spread, rolling updates that keep every pod until its replacement is ready", () => {
    const deployment = byName(prod, "kubernetes_deployment_v1")["trips-api"];
    const container = deployment.spec.template.spec.container[0];
    expect(container.readiness_probe.http_get).toEqual({ path: "/healthz", port: "http" });
    expect(container.liveness_probe.http_get).toEqual({ path: "/healthz", port: "http" });
    expect(container.resources).toEqual({ requests: { cpu: "500m", memory: "1Gi" }, limits: { memory: "1Gi" } });
    expect(deployment.spec.template.spec.topology_spread_constraint[0]).toMatchObject({ topology_key: "topology.kubernetes.io/zone", max_skew: 1 });
    expect(deployment.spec.strategy).toEqual({ type: "RollingUpdate", rolling_update: { max_surge: "25%", max_unavailable: "0" } });
    expect(deployment.lifecycle).toEqual({ ignore_changes: ["spec[0].replicas"] });
  });

  test("database settings as environment variables: IAM auth as the service's own user; none for services without a database", () => {
    const env = (name: string) =>
      Object.fromEntries(byName(prod, "kubernetes_deployment_v1")[name].spec.template.spec.container[0].env.map((e: any) => [e.name, e.value]));
    expect(env("trips-api")).toMatchObject({
      DB_HOST: "${data.terraform_remote_state.cross-stack-reference-input-prod-data.outputs.cross-stack-output-aws_rds_clusterAuroraendpoint}",
      DB_PORT: "5432",
      DB_NAME: "roadwarrior",
      DB_USER: "trips_api",
      DB_AUTH: "iam",
      ASSETS_PREFIX: "trips-api/",
    });
    expect(env("notifications").DB_HOST).toBeUndefined();
    expect(env("notifications").SECRET_ARN).toMatch(/Secret-notifications/);
  });

  test("autoscaling between the configured bounds on CPU; at most one pod down during disruptions", () => {
    expect(byName(prod, "kubernetes_horizontal_pod_autoscaler_v2")["trips-api"].spec).toMatchObject({ min_replicas: 3, max_replicas: 12 });
    expect(byName(prod, "kubernetes_pod_disruption_budget_v1")["trips-api"].spec.max_unavailable).toBe("1");
  });
});

describe("apps stack: the shared ALB", () => {
  const annotations = (json: Record<string, any>) => values(json, "kubernetes_ingress_v1")[0].metadata.annotations;

  test("only public services get an Ingress, all in one group (one ALB), IP targets, health checks on the health path", () => {
    expect(values(prod, "kubernetes_ingress_v1").map((i) => i.metadata.name)).toEqual(["trips-api"]);
    expect(annotations(prod)).toMatchObject({
      "alb.ingress.kubernetes.io/group.name": "road-warrior-prod",
      "alb.ingress.kubernetes.io/scheme": "internet-facing",
      "alb.ingress.kubernetes.io/target-type": "ip",
      "alb.ingress.kubernetes.io/healthcheck-path": "/healthz",
    });
    expect(values(prod, "kubernetes_ingress_v1")[0].spec.rule[0].http.path[0]).toMatchObject({ path: "/api", path_type: "Prefix" });
  });

  test("with a domain: HTTPS with the TLS 1.3 policy, HTTP redirected, the certificate and the WAF ACL", () => {
    expect(annotations(prod)).toMatchObject({
      "alb.ingress.kubernetes.io/listen-ports": '[{"HTTP":80},{"HTTPS":443}]',
      "alb.ingress.kubernetes.io/ssl-redirect": "443",
      "alb.ingress.kubernetes.io/ssl-policy": "ELBSecurityPolicy-TLS13-1-2-2021-06",
      "alb.ingress.kubernetes.io/certificate-arn": expect.stringMatching(/aws_acm_certificate_validation/),
      "alb.ingress.kubernetes.io/wafv2-acl-arn": expect.stringMatching(/aws_wafv2_web_acl/),
    });
    expect(values(prod, "aws_route53_record")).toEqual([expect.objectContaining({ name: "api.road-warrior.example", type: "A" })]);
  });

  test("without a domain: HTTP only, no certificate, no DNS record", () => {
    expect(annotations(dev)["alb.ingress.kubernetes.io/listen-ports"]).toBe('[{"HTTP":80}]');
    expect(annotations(dev)["alb.ingress.kubernetes.io/certificate-arn"]).toBeUndefined();
    expect(dev.resource.aws_route53_record).toBeUndefined();
  });

  test("access logs to the logs bucket, invalid headers dropped, deletion protection in prod only", () => {
    const attributes = (json: Record<string, any>) => annotations(json)["alb.ingress.kubernetes.io/load-balancer-attributes"].split(",");
    expect(attributes(prod)).toEqual(
      expect.arrayContaining([
        "access_logs.s3.enabled=true",
        "access_logs.s3.prefix=alb",
        "routing.http.drop_invalid_header_fields.enabled=true",
        "deletion_protection.enabled=true",
      ]),
    );
    expect(attributes(prod).find((a: string) => a.startsWith("access_logs.s3.bucket="))).toMatch(/LogsBucket/);
    expect(attributes(dev)).toContain("deletion_protection.enabled=false");
  });

  test("non-production: only the environment's allowedCidrs reach the ALB (inbound-cidrs on every Ingress of the group)", () => {
    for (const ingress of values(dev, "kubernetes_ingress_v1")) {
      expect(ingress.metadata.annotations["alb.ingress.kubernetes.io/inbound-cidrs"]).toBe("198.51.100.0/24");
    }
    const two = synthApp([{ ...builtIn("dev"), ingress: { allowedCidrs: ["198.51.100.0/24", "203.0.113.8/29"] } }])["dev-apps"];
    expect(annotations(two)["alb.ingress.kubernetes.io/inbound-cidrs"]).toBe("198.51.100.0/24,203.0.113.8/29");
    // prod names no CIDRs: with a domain, HTTPS and WAF, its ALB is public.
    expect(annotations(prod)["alb.ingress.kubernetes.io/inbound-cidrs"]).toBeUndefined();
  });

  test("production: Terraform refuses to destroy the public Ingress (the ALB) and the DNS record; dev may", () => {
    expect(values(prod, "kubernetes_ingress_v1").map((i) => i.lifecycle)).toEqual([{ prevent_destroy: true }]);
    expect(values(prod, "aws_route53_record").map((r) => r.lifecycle)).toEqual([{ prevent_destroy: true }]);
    expect(values(dev, "kubernetes_ingress_v1").every((i) => i.lifecycle === undefined)).toBe(true);
    const devWithDomain = synthApp([{ ...builtIn("dev"), domain: builtIn("prod").domain }])["dev-apps"];
    expect(values(devWithDomain, "aws_route53_record").map((r) => r.lifecycle)).toEqual([undefined]);
  });

  test("paths that ask for it require Cognito sign-in on the ALB", () => {
    const config = builtIn("prod");
    const services = config.services.map((s) => (s.name === "trips-api" ? { ...s, authenticate: true } : s));
    const apps = synthApp([{ ...config, services }])["prod-apps"];
    expect(values(apps, "kubernetes_ingress_v1")[0].metadata.annotations).toMatchObject({
      "alb.ingress.kubernetes.io/auth-type": "cognito",
      "alb.ingress.kubernetes.io/auth-on-unauthenticated-request": "authenticate",
      "alb.ingress.kubernetes.io/auth-idp-cognito": expect.stringMatching(/userPoolARN.*userPoolClientID.*userPoolDomain/),
    });
  });

  test("alarms on the 5xx rate and p95 latency page the alarm topic; one dashboard", () => {
    const alarms = Object.fromEntries(values(prod, "aws_cloudwatch_metric_alarm").map((a) => [a.alarm_name, a]));
    expect(alarms["road-warrior-prod-alb-5xx-rate"].metric_query.map((q: any) => q.id)).toEqual(["elb5xx", "target5xx", "requests", "rate"]);
    expect(alarms["road-warrior-prod-alb-p95-latency"]).toMatchObject({ extended_statistic: "p95", threshold: 1 });
    expect(alarms["road-warrior-prod-alb-p95-latency"].alarm_actions[0]).toMatch(/cross-stack-output-aws_sns_topic/);
    expect(values(prod, "aws_cloudwatch_dashboard")).toHaveLength(1);
    expect(values(prod, "aws_cloudwatch_dashboard")[0].dashboard_name).toBe("road-warrior-prod");
  });
});
