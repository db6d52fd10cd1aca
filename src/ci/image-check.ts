import { DescribeImagesCommand, ECRClient, ImageNotFoundException, RepositoryNotFoundException } from "@aws-sdk/client-ecr";
import { EnvironmentConfig } from "../config/schema";
import { Naming } from "../naming";

/** What the registry says about one image: there, not there (tag or repository), or an error to report. */
export type ImageLookup =
  | { readonly status: "found" }
  | { readonly status: "missing"; readonly reason: string }
  | { readonly status: "error"; readonly reason: string };

/** One `DescribeImages` call: injected, so the check is tested without AWS. */
export type DescribeImage = (image: {
  readonly repository: string;
  readonly tag: string;
  readonly accountId: string;
  readonly region: string;
}) => Promise<ImageLookup>;

export interface ImageCheckResult {
  readonly service: string;
  readonly repository: string;
  readonly tag: string;
  readonly lookup: ImageLookup;
}

/**
 * Checks that the `imageTag` of every service exists in its ECR repository, before the apps stack
 * applies: a Deployment whose tag is missing never becomes ready, and the apply waits for it.
 */
export async function checkImages(config: EnvironmentConfig, describe: DescribeImage): Promise<ImageCheckResult[]> {
  const naming = new Naming(config);
  return Promise.all(
    config.services.map(async (service) => {
      const repository = naming.ecrRepository(service.name);
      const lookup = await describe({ repository, tag: service.imageTag, accountId: config.accountId, region: config.region }).catch(
        (error: unknown): ImageLookup => ({ status: "error", reason: error instanceof Error ? error.message : String(error) }),
      );
      return { service: service.name, repository, tag: service.imageTag, lookup };
    }),
  );
}

/** One line per service; the caller exits 1 unless every image was found. */
export function formatImageCheck(environment: string, results: readonly ImageCheckResult[]): string {
  const lines = results.map((r) => {
    const image = `${r.repository}:${r.tag}`;
    if (r.lookup.status === "found") return `ok       ${r.service}: ${image}`;
    if (r.lookup.status === "missing")
      return `MISSING  ${r.service}: ${image} (${r.lookup.reason}): push it, or set services[${r.service}].imageTag to a tag that exists`;
    return `ERROR    ${r.service}: ${image}: ${r.lookup.reason}`;
  });
  const bad = results.filter((r) => r.lookup.status !== "found").length;
  return [
    `Images of ${environment}:`,
    ...lines,
    bad === 0
      ? "Every image exists."
      : `${bad} of ${results.length} images cannot be checked or do not exist: the apps stack is not applied.`,
  ].join("\n");
}

/**
 * The registry's answer to one `DescribeImages` call, read into an {@link ImageLookup}: ECR answers
 * ImageNotFoundException or RepositoryNotFoundException when the tag or the repository is not there;
 * anything else (no credentials, access denied, throttling) is an error to report, never a pass.
 */
export function ecrDescribeImage(client: ECRClient): DescribeImage {
  return async ({ repository, tag, accountId }) => {
    try {
      await client.send(new DescribeImagesCommand({ registryId: accountId, repositoryName: repository, imageIds: [{ imageTag: tag }] }));
      return { status: "found" };
    } catch (error) {
      if (error instanceof ImageNotFoundException) return { status: "missing", reason: "no image with this tag" };
      if (error instanceof RepositoryNotFoundException) return { status: "missing", reason: "no such repository" };
      return { status: "error", reason: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
    }
  };
}
