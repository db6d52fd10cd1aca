import { Release } from "@cdktf/provider-helm/lib/release";
import { NamespaceV1 } from "@cdktf/provider-kubernetes/lib/namespace-v1";
import { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { suppress } from "../../../rules/suppress";
import { BackendServiceValues } from "./values";

export interface BackendServiceProps {
  /** Service name: the namespace, the release and every object of the chart are named after it. */
  readonly name: string;
  /** Label the namespace so the Load Balancer Controller injects its readiness gate (public services). @default false */
  readonly public?: boolean;
  /** Path of the `backend-service` chart as Terraform sees it (the stack's chart asset). */
  readonly chartPath: string;
  /** Version of that chart (its Chart.yaml), recorded on the release. */
  readonly chartVersion: string;
  /** The chart values (`backendServiceValues`). */
  readonly values: BackendServiceValues;
  /** Seconds Helm waits for the rollout before it rolls back. @default 600 */
  readonly timeoutSeconds?: number;
  /** `prevent_destroy` on the release (a production public service: its Ingress holds the ALB). @default false */
  readonly preventDestroy?: boolean;
  /** Installed after these (e.g. the controller whose webhook admits Services, the Pod Identity association). @default - none */
  readonly dependsOn?: ITerraformDependable[];
  /**
   * The namespace is created after, and deleted before, these: the Load Balancer Controller must
   * outlive the namespace so that deleting it (with its Ingress) also deletes the ALB. @default - none
   */
  readonly namespaceDependsOn?: ITerraformDependable[];
}

/**
 * One backend service: its namespace with Pod Security "restricted" enforced (a Terraform
 * resource, so the policy exists before any pod), and a Helm release of `charts/backend-service`
 * in it with everything else (service account, Deployment, Service, autoscaler, disruption
 * budget, the Ingress of a public service and the NetworkPolicies). `atomic` and `wait`: a
 * rollout that does not become ready within the timeout is rolled back by Helm. `take_ownership`
 * lets the release adopt the objects of the same names created before the chart (docs/helm.md).
 */
export class BackendService extends Construct {
  public readonly namespace: NamespaceV1;
  public readonly release: Release;

  constructor(scope: Construct, id: string, props: BackendServiceProps) {
    super(scope, id);
    const labels = { "app.kubernetes.io/name": props.name, "app.kubernetes.io/part-of": "road-warrior" };
    this.namespace = new NamespaceV1(this, "Namespace", {
      metadata: {
        name: props.name,
        labels: {
          ...labels,
          "pod-security.kubernetes.io/enforce": "restricted",
          "pod-security.kubernetes.io/enforce-version": "latest",
          // With IP targets, a rolling update must wait until the ALB sees the new pod healthy.
          ...(props.public ? { "elbv2.k8s.aws/pod-readiness-gate-inject": "enabled" } : {}),
        },
      },
      dependsOn: props.namespaceDependsOn,
    });
    suppress(
      this.namespace,
      "RW-DATA-1",
      "holds only objects Helm re-creates from the chart (Deployment, Service, ServiceAccount, Ingress, autoscaler, policies); " +
        "the service's data is in Aurora, S3 and Secrets Manager, never in Kubernetes",
    );
    this.release = new Release(this, "Release", {
      name: props.name,
      namespace: this.namespace.metadata.name,
      // "./": a path, never a repository/chart name.
      chart: `./${props.chartPath}`,
      version: props.chartVersion,
      values: [JSON.stringify(props.values)],
      atomic: true,
      wait: true,
      cleanupOnFail: true,
      timeout: props.timeoutSeconds ?? 600,
      maxHistory: 10,
      // Adopts the objects the service had before the chart (same names), instead of failing on them.
      takeOwnership: true,
      dependsOn: props.dependsOn,
      lifecycle: props.preventDestroy ? { preventDestroy: true } : undefined,
    });
    if (!props.preventDestroy) {
      suppress(
        this.release,
        "RW-DATA-1",
        "renders only objects re-created from the chart; the service's data is in Aurora, S3 and Secrets Manager. " +
          "Only a public service's release (its Ingress holds the ALB) carries prevent_destroy",
      );
    }
  }
}
