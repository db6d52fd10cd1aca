import { Json, Resource, StackView } from "./types";

/** A synthesized block or list of blocks as a list (Terraform JSON accepts both). */
export const asList = (value: unknown): Json[] => (value == null ? [] : Array.isArray(value) ? value : [value]) as Json[];

/** A string or list of strings as a list of strings. */
export const asStrings = (value: unknown): string[] => asList(value).map(String);

/**
 * The resources of `type` that configure `bucket` (public access block, versioning, ...): their
 * `bucket` argument is the bucket's id or name, by reference or literally.
 */
export function bucketCompanions(bucket: Resource, stack: StackView, type: string): Resource[] {
  const name = bucket.config.bucket;
  return stack.resources(type).filter((companion) => {
    const ref = companion.config.bucket;
    return ref === `\${${bucket.address}.id}` || ref === `\${${bucket.address}.bucket}` || (typeof name === "string" && ref === name);
  });
}
