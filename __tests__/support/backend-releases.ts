/**
 * The backend-service Helm releases exactly as the apps stacks synthesize them, rendered with the
 * real Helm: the app is synthesized the way `cdktf synth` does, each release's chart is read from
 * the stack's own asset directory (what Terraform would install), and its values are the
 * release's `values` with the Terraform references stubbed by plausible values of their kind.
 */
import * as fs from "fs";
import * as path from "path";
import { EnvironmentConfig } from "../../src/config/schema";
import { helmTemplate } from "./helm";
import { synthAppDir } from "./stacks";

type Json = Record<string, any>;

export interface RenderedRelease {
  readonly environment: string;
  readonly stack: string;
  /** `helm_release.<name>` */
  readonly address: string;
  /** The synthesized resource. */
  readonly resource: Json;
  /** The values with references stubbed, as given to Helm. */
  readonly values: Json;
  /** The objects Helm rendered. */
  readonly objects: Json[];
}

/** A stand-in for a Terraform reference inside a values string, shaped like what it refers to. */
export function stubReference(expression: string): string {
  if (/repository_url/.test(expression)) return "123456789012.dkr.ecr.eu-central-1.amazonaws.com/road-warrior-stub/service";
  if (/aws_lb_target_group\..*\.arn$/.test(expression)) {
    return "arn:aws:elasticloadbalancing:eu-central-1:123456789012:targetgroup/tf-stub/0123456789abcdef";
  }
  if (/arn/.test(expression)) return "arn:aws:service:eu-central-1:123456789012:stub/resource";
  if (/endpoint/i.test(expression)) return "stub.cluster-abc.eu-central-1.rds.amazonaws.com";
  return "stub-value";
}

/** Replaces every `${...}` of a synthesized string by {@link stubReference}. */
export function stubReferences(text: string): string {
  return text.replace(/\$\{([^}]*)\}/g, (_match, expression: string) => stubReference(expression));
}

/** Whether a helm_release installs the project's backend-service chart (from the stack's assets). */
export const isBackendServiceRelease = (release: Json): boolean =>
  typeof release.chart === "string" && /^\.\/assets\/BackendServiceChart\//.test(release.chart);

/**
 * Renders every backend-service release of the environments' apps stacks, from the run's shared
 * synth of the same configs (support/stacks.ts, read only). Returns the stacks' JSON as well (by stack name).
 */
export function renderBackendReleases(configs: EnvironmentConfig[]): { stacks: Record<string, Json>; releases: RenderedRelease[] } {
  const stacksDir = path.join(synthAppDir(configs), "stacks");
  const stacks: Record<string, Json> = Object.fromEntries(
    fs.readdirSync(stacksDir).map((name) => [name, JSON.parse(fs.readFileSync(path.join(stacksDir, name, "cdk.tf.json"), "utf8"))]),
  );
  const releases: RenderedRelease[] = [];
  for (const config of configs) {
    const stack = `${config.name}-apps`;
    for (const [name, resource] of Object.entries<Json>(stacks[stack].resource?.helm_release ?? {})) {
      if (!isBackendServiceRelease(resource)) continue;
      const values = JSON.parse(stubReferences(resource.values[0]));
      const objects = helmTemplate(path.join(stacksDir, stack, resource.chart), values, {
        releaseName: resource.name,
        // The namespace is a reference to the namespace resource, whose name is the release's.
        namespace: resource.name,
        kubeVersion: `${config.cluster.kubernetesVersion}.0`,
      });
      releases.push({ environment: config.name, stack, address: `helm_release.${name}`, resource, values, objects });
    }
  }
  return { stacks, releases };
}
