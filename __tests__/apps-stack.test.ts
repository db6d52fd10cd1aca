import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { LOAD_BALANCER_CONTROLLER } from "../src/constructs/addons/load-balancer-controller/pins";
import { builtIn } from "./support/environments";
import { resourcesOf, synthApp } from "./support/stacks";
import { AWS_PROVIDER_VERSION } from "../src/config/versions";

const synthesized = synthApp([builtIn("dev"), builtIn("prod")]);
const dev = synthesized["dev-apps"];
const prod = synthesized["prod-apps"];
const values = (json: Record<string, any>, type: string) => Object.values(resourcesOf(json, type));
const byName = (json: Record<string, any>, type: string) => Object.fromEntries(values(json, type).map((r) => [r.metadata.name, r]));
const clusterOutput = (env: string, output: string) =>
  `data.terraform_remote_state.cross-stack-reference-input-${env}-cluster.outputs.${output}`;

describe("apps stack: providers", () => {
  test.each(["kubernetes", "helm"])(
    "%s connects with the cluster stack's outputs and a token from aws eks get-token, no kubeconfig",
    (name) => {
      const [provider] = prod.provider[name];
      const connection = name === "helm" ? provider.kubernetes : provider;
      const exec = name === "helm" ? connection.exec : connection.exec[0];
      expect(connection.host).toBe(`\${${clusterOutput("prod", "cross-stack-output-aws_eks_clusterEksendpoint")}}`);
      expect(connection.cluster_ca_certificate).toBe(
        `\${base64decode(${clusterOutput("prod", "cross-stack-output-aws_eks_clusterEkscertificate_authority0data")})}`,
      );
      expect(exec).toEqual({
        api_version: "client.authentication.k8s.io/v1beta1",
        command: "aws",
        args: [
          "eks",
          "get-token",
          "--cluster-name",
          `\${${clusterOutput("prod", "cross-stack-output-aws_eks_clusterEksname")}}`,
          "--region",
          "eu-central-1",
          "--output",
          "json",
        ],
      });
      expect(JSON.stringify(provider)).not.toMatch(/config_path|config_context/);
    },
  );

  test("the providers are pinned; the cluster is created in another stack", () => {
    expect(prod.terraform.required_providers).toMatchObject({
      helm: { version: "3.1.1" },
      kubernetes: { version: "2.38.0" },
      aws: { version: AWS_PROVIDER_VERSION },
    });
    expect(prod.resource.aws_eks_cluster).toBeUndefined();
    expect(synthesized["prod-cluster"].provider.kubernetes).toBeUndefined();
    expect(synthesized["prod-cluster"].provider.helm).toBeUndefined();
  });
});

describe("apps stack: AWS Load Balancer Controller", () => {
  const release = () => values(prod, "helm_release").find((r) => r.name === "aws-load-balancer-controller")!;
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

  test("cluster name, region and VPC are explicit (IMDS hop limit 1 hides them from the controller)", () => {
    expect(chartValues()).toMatchObject({
      clusterName: `\${${clusterOutput("prod", "cross-stack-output-aws_eks_clusterEksname")}}`,
      region: "eu-central-1",
      vpcId: "${data.terraform_remote_state.cross-stack-reference-input-prod-network.outputs.cross-stack-output-aws_vpcVpcid}",
    });
  });

  test("two replicas, a disruption budget, requests; the webhook certificate survives upgrades; the Pod Identity service account", () => {
    expect(chartValues()).toMatchObject({
      replicaCount: 2,
      podDisruptionBudget: { maxUnavailable: 1 },
      resources: { requests: { cpu: "100m", memory: "128Mi" } },
      keepTLSSecret: true,
      serviceAccount: { create: true, name: "aws-load-balancer-controller" },
    });
  });
});

/** The backend services' releases (construct ids `Service-<name>`), by service name. */
const releases = (json: Record<string, any>): Record<string, any> =>
  Object.fromEntries(
    Object.entries(json.resource.helm_release as Record<string, any>)
      .filter(([id]) => id.startsWith("Service-"))
      .map(([, r]) => [r.name, r]),
  );
const valuesOf = (json: Record<string, any>, service: string) => JSON.parse(releases(json)[service].values[0]);

describe("apps stack: backend services", () => {
  test("each service: a namespace (Pod Security restricted, Terraform resource), a backend-service release; no raw Deployment", () => {
    const names = ["notifications", "reservation-sync", "trips-api"];
    expect(Object.keys(byName(prod, "kubernetes_namespace_v1")).sort()).toEqual(names);
    expect(Object.keys(releases(prod)).sort()).toEqual(names);
    for (const type of Object.keys(prod.resource).filter((t) => t.startsWith("kubernetes_"))) expect(type).toBe("kubernetes_namespace_v1");
    expect(byName(prod, "kubernetes_namespace_v1")["trips-api"].metadata.labels["pod-security.kubernetes.io/enforce"]).toBe("restricted");
    // IP targets: pods of public services get the controller's readiness gate, so a rollout waits for the ALB.
    expect(byName(prod, "kubernetes_namespace_v1")["trips-api"].metadata.labels["elbv2.k8s.aws/pod-readiness-gate-inject"]).toBe("enabled");
    expect(
      byName(prod, "kubernetes_namespace_v1")["notifications"].metadata.labels["elbv2.k8s.aws/pod-readiness-gate-inject"],
    ).toBeUndefined();
    // Deleted before the controller: deleting a namespace deletes its Ingress, and the controller deletes the ALB.
    // A public service's namespace also goes before its Terraform-made target group, which its Ingress's rule forwards to.
    for (const namespace of values(prod, "kubernetes_namespace_v1")) {
      const service = builtIn("prod").services.find((s) => s.name === namespace.metadata.name)!;
      expect(namespace.depends_on).toEqual([
        "helm_release.LoadBalancerController",
        ...(service.public ? [`aws_lb_target_group.TargetGroup-${service.name}`] : []),
      ]);
    }
  });

  test("each release installs the chart from the stack's asset directory, atomically, waiting, with a timeout, into its namespace", () => {
    for (const [name, release] of Object.entries(releases(prod))) {
      expect(release).toMatchObject({
        atomic: true,
        wait: true,
        cleanup_on_fail: true,
        timeout: 600,
        // The release records the chart's version (Chart.yaml).
        version: parse(fs.readFileSync(path.join(__dirname, "..", "charts", "backend-service", "Chart.yaml"), "utf8")).version,
        take_ownership: true,
      });
      expect(JSON.parse(release.values[0]).keepOnUninstall).toBe(true);
      expect(release.chart).toMatch(/^\.\/assets\/BackendServiceChart\/[0-9A-F]+$/);
      expect(release.namespace).toMatch(
        new RegExp(`^\\$\\{kubernetes_namespace_v1\\.Service-${name}_Namespace_[0-9A-F]+\\.metadata\\[0\\]\\.name\\}$`),
      );
      expect(release.repository).toBeUndefined();
    }
  });

  test("each service account is bound to its role (data stack) through Pod Identity before its pods start", () => {
    const associations = values(prod, "aws_eks_pod_identity_association");
    expect(associations.map((a) => `${a.namespace}/${a.service_account}`).sort()).toEqual([
      "notifications/notifications",
      "reservation-sync/reservation-sync",
      "trips-api/trips-api",
    ]);
    expect(associations.find((a) => a.namespace === "trips-api")!.role_arn).toMatch(
      /cross-stack-reference-input-prod-data.*ServiceRole-trips-api/,
    );
    expect(releases(prod)["trips-api"].depends_on).toEqual([
      "helm_release.LoadBalancerController",
      expect.stringMatching(/^aws_eks_pod_identity_association\.PodIdentity-trips-api/),
      // Karpenter's NodePools: the services' pods land on their nodes, and are removed before them.
      "helm_release.KarpenterNodePools",
    ]);
  });

  test("values from the environment file: image, port, resources, replica bounds, database settings for services with a DB user", () => {
    const trips = valuesOf(prod, "trips-api");
    expect(trips.image).toEqual({
      repository:
        "${data.terraform_remote_state.cross-stack-reference-input-prod-data.outputs." +
        "cross-stack-output-aws_ecr_repositoryRepository-trips-apirepository_url}",
      tag: "0.1.0",
    });
    expect(trips).toMatchObject({
      port: 8080,
      healthPath: "/healthz",
      resources: { requests: { cpu: "500m", memory: "1Gi" }, limits: { memory: "1Gi" } },
    });
    expect(trips.autoscaling).toEqual({ enabled: true, minReplicas: 3, maxReplicas: 12, targetCPUUtilizationPercentage: 70 });
    expect(trips.env).toMatchObject({
      DB_HOST:
        "${data.terraform_remote_state.cross-stack-reference-input-prod-data.outputs.cross-stack-output-aws_rds_clusterAuroraendpoint}",
      DB_PORT: "5432",
      DB_USER: "trips_api",
      DB_AUTH: "iam",
    });
    expect(valuesOf(prod, "notifications").env.DB_HOST).toBeUndefined();
    expect(valuesOf(prod, "notifications").env.SECRET_ARN).toMatch(/Secret-notifications/);
  });

  test("NetworkPolicy values: ALB from public subnets, callers from the env file, the DB (isolated subnets) only with a DB user", () => {
    const trips = valuesOf(prod, "trips-api").networkPolicy;
    expect(trips.ingress).toEqual({ albCidrs: ["10.20.128.0/21", "10.20.136.0/21", "10.20.144.0/21"], allowedCallers: [] });
    expect(trips.egress.database).toEqual({ enabled: true, cidrs: ["10.20.160.0/21", "10.20.168.0/21", "10.20.176.0/21"], port: 5432 });
    expect(trips.egress.services).toEqual([{ name: "notifications", port: 8080 }]);
    const notifications = valuesOf(prod, "notifications").networkPolicy;
    expect(notifications.ingress).toEqual({ albCidrs: [], allowedCallers: ["trips-api", "reservation-sync"] });
    expect(notifications.egress.database).toEqual({ enabled: false, cidrs: [], port: 5432 });
  });

  test("prevent_destroy on the release of a production public service only (its Ingress holds the ALB the domain points at)", () => {
    expect(releases(prod)["trips-api"].lifecycle).toEqual({ prevent_destroy: true });
    expect(releases(prod)["notifications"].lifecycle).toBeUndefined();
    expect(releases(dev)["trips-api"].lifecycle).toBeUndefined();
  });
});

describe("apps stack: moving the services from kubernetes_* resources to Helm", () => {
  // The addresses the services had before the chart, as the previous apps stack synthesized them.
  const OLD_ADDRESSES = [
    "kubernetes_deployment_v1.Service-notifications_Deployment_1D49D142",
    "kubernetes_deployment_v1.Service-reservation-sync_Deployment_958F9B44",
    "kubernetes_deployment_v1.Service-trips-api_Deployment_D7925C4D",
    "kubernetes_horizontal_pod_autoscaler_v2.Service-notifications_Autoscaler_199AA82A",
    "kubernetes_horizontal_pod_autoscaler_v2.Service-reservation-sync_Autoscaler_A0FF2870",
    "kubernetes_horizontal_pod_autoscaler_v2.Service-trips-api_Autoscaler_DE88EF57",
    "kubernetes_ingress_v1.Ingress-trips-api",
    "kubernetes_pod_disruption_budget_v1.Service-notifications_DisruptionBudget_51D6B3E7",
    "kubernetes_pod_disruption_budget_v1.Service-reservation-sync_DisruptionBudget_D8F35CD4",
    "kubernetes_pod_disruption_budget_v1.Service-trips-api_DisruptionBudget_AAF812E1",
    "kubernetes_service_account_v1.Service-notifications_ServiceAccount_E3950B4F",
    "kubernetes_service_account_v1.Service-reservation-sync_ServiceAccount_81A42AC4",
    "kubernetes_service_account_v1.Service-trips-api_ServiceAccount_0B046CEA",
    "kubernetes_service_v1.Service-notifications_Service_5CC0E8D6",
    "kubernetes_service_v1.Service-reservation-sync_Service_F1F43082",
    "kubernetes_service_v1.Service-trips-api_Service_8B14FA35",
  ];

  test.each([["dev"], ["prod"]])("%s: a removed block with destroy = false for every old address, and nothing else", (env) => {
    const json = env === "dev" ? dev : prod;
    // Besides them, only the Load Balancer Controller's former kubectl CRD step (load-balancer-controller-chart.test.ts).
    const crdStep = "terraform_data.LoadBalancerController_Crds_0D737B46";
    expect(json.removed.map((r: any) => r.from).sort()).toEqual([...OLD_ADDRESSES, crdStep].sort());
    for (const block of json.removed) expect(block).toEqual({ from: block.from, lifecycle: { destroy: false } });
  });

  test("the namespaces keep their addresses (they stay Terraform resources, never replaced)", () => {
    expect(Object.keys(resourcesOf(prod, "kubernetes_namespace_v1")).sort()).toEqual([
      "Service-notifications_Namespace_56388F32",
      "Service-reservation-sync_Namespace_B854092B",
      "Service-trips-api_Namespace_5EF95FB2",
    ]);
  });

  test("no old address is still a resource: Terraform forgets them instead of destroying them", () => {
    for (const address of OLD_ADDRESSES) {
      const [type, name] = address.split(".");
      expect(prod.resource[type]?.[name]).toBeUndefined();
    }
  });
});

describe("apps stack: the shared ALB", () => {
  const annotations = (json: Record<string, any>) => valuesOf(json, "trips-api").ingress.annotations;

  test("only public services get an Ingress, all in one group (one ALB), IP targets, health checks on the health path", () => {
    expect(
      Object.entries(releases(prod))
        .filter(([, r]) => JSON.parse(r.values[0]).ingress.enabled)
        .map(([name]) => name),
    ).toEqual(["trips-api"]);
    expect(annotations(prod)).toMatchObject({
      "alb.ingress.kubernetes.io/group.name": "road-warrior-prod",
      "alb.ingress.kubernetes.io/scheme": "internet-facing",
      "alb.ingress.kubernetes.io/target-type": "ip",
      "alb.ingress.kubernetes.io/healthcheck-path": "/healthz",
    });
    expect(valuesOf(prod, "trips-api").ingress).toMatchObject({
      enabled: true,
      path: "/api",
      host: "api.road-warrior.example",
      className: "alb",
    });
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

  test("non-production: only the environment's allowedCidrs reach the ALB (inbound-cidrs, on every Ingress of the group)", () => {
    const INBOUND = "alb.ingress.kubernetes.io/inbound-cidrs";
    const publicServices = (json: Record<string, any>) =>
      Object.keys(releases(json)).filter((name) => valuesOf(json, name).ingress.enabled);
    for (const name of publicServices(dev)) expect(valuesOf(dev, name).ingress.annotations[INBOUND]).toBe("198.51.100.0/24");
    const two = synthApp([{ ...builtIn("dev"), ingress: { allowedCidrs: ["198.51.100.0/24", "203.0.113.8/29"] } }])["dev-apps"];
    expect(valuesOf(two, "trips-api").ingress.annotations[INBOUND]).toBe("198.51.100.0/24,203.0.113.8/29");
    // prod names no CIDRs: with a domain, HTTPS and WAF, its ALB is public (no annotation: the controller lets anyone in).
    expect(annotations(prod)[INBOUND]).toBeUndefined();
  });

  test("production: Terraform refuses to destroy the public Ingress (the ALB) and the DNS record; dev may", () => {
    // The public service's release renders its Ingress (and so holds the ALB).
    expect(releases(prod)["trips-api"].lifecycle).toEqual({ prevent_destroy: true });
    expect(values(prod, "aws_route53_record").map((r) => r.lifecycle)).toEqual([{ prevent_destroy: true }]);
    expect(Object.values(releases(dev)).every((r) => r.lifecycle === undefined)).toBe(true);
    const devWithDomain = synthApp([{ ...builtIn("dev"), domain: builtIn("prod").domain }])["dev-apps"];
    expect(values(devWithDomain, "aws_route53_record").map((r) => r.lifecycle)).toEqual([undefined]);
  });

  test("paths that ask for it require Cognito sign-in on the ALB", () => {
    const config = builtIn("prod");
    const services = config.services.map((s) => (s.name === "trips-api" ? { ...s, authenticate: true } : s));
    const apps = synthApp([{ ...config, services }])["prod-apps"];
    expect(JSON.parse(Object.values(releases(apps)).find((r) => r.name === "trips-api")!.values[0]).ingress.annotations).toMatchObject({
      "alb.ingress.kubernetes.io/auth-type": "cognito",
      "alb.ingress.kubernetes.io/auth-on-unauthenticated-request": "authenticate",
      "alb.ingress.kubernetes.io/auth-idp-cognito": expect.stringMatching(/userPoolARN.*userPoolClientID.*userPoolDomain/),
    });
  });

  test("the ALB is read only after a wait for it that needs no Kubernetes provider at plan time; it runs after the public releases", () => {
    const lb = Object.values<any>(prod.data.aws_lb)[0];
    expect(lb.depends_on).toEqual(["terraform_data.LoadBalancerWait"]);
    const wait = prod.resource.terraform_data.LoadBalancerWait;
    expect(wait.depends_on).toEqual([expect.stringMatching(/^helm_release\.Service-trips-api_Release_/)]);
    const step = wait.provisioner[0]["local-exec"];
    const script: string = step.command;
    // The environment's values come as variables, so the command's text (and its approved hash) is the same everywhere.
    expect(step.environment).toEqual({
      RW_REGION: "eu-central-1",
      RW_TAG_FILTERS: "Key=ingress.k8s.aws/stack,Values=road-warrior-prod Key=elbv2.k8s.aws/cluster,Values=road-warrior-prod",
      RW_TAGS: "ingress.k8s.aws/stack=road-warrior-prod, elbv2.k8s.aws/cluster=road-warrior-prod",
      RW_TIMEOUT: "900",
    });
    expect(script).toBe(dev.resource.terraform_data.LoadBalancerWait.provisioner[0]["local-exec"].command);
    expect(script).toContain("--tag-filters $RW_TAG_FILTERS");
    expect(script).toContain("set -euf");
    expect(script).toContain("aws elbv2 wait load-balancer-available");
    expect(script).toMatch(/deadline=.*\+ \$RW_TIMEOUT/);
    // A Terraform template must not see ${ in the script (it would be read as an interpolation).
    expect(script).not.toContain("${");
    expect(lb.tags).toEqual({ "ingress.k8s.aws/stack": "road-warrior-prod", "elbv2.k8s.aws/cluster": "road-warrior-prod" });
  });

  test("alarms on the 5xx rate and p95 latency page the alarm topic; one dashboard", () => {
    const alarms = Object.fromEntries(values(prod, "aws_cloudwatch_metric_alarm").map((a) => [a.alarm_name, a]));
    expect(alarms["road-warrior-prod-alb-5xx-rate"].metric_query.map((q: any) => q.id)).toEqual([
      "elb5xx",
      "target5xx",
      "requests",
      "rate",
    ]);
    expect(alarms["road-warrior-prod-alb-p95-latency"]).toMatchObject({ extended_statistic: "p95", threshold: 1 });
    expect(alarms["road-warrior-prod-alb-p95-latency"].alarm_actions[0]).toMatch(/cross-stack-output-aws_sns_topic/);
    expect(values(prod, "aws_cloudwatch_dashboard")).toHaveLength(1);
    expect(values(prod, "aws_cloudwatch_dashboard")[0].dashboard_name).toBe("road-warrior-prod");
  });

  test("non-production pages no one and has no dashboard ($3.40 a month): its ALB is still looked up for the DNS alias", () => {
    expect(values(dev, "aws_cloudwatch_metric_alarm")).toEqual([]);
    expect(values(dev, "aws_cloudwatch_dashboard")).toEqual([]);
    expect(Object.keys(dev.data.aws_lb ?? {})).toHaveLength(1);
  });
});
