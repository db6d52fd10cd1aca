/**
 * Validation of rendered Kubernetes objects against real schemas, none written by hand:
 * - built-in kinds against the Kubernetes OpenAPI schema of their apiVersion, with the maintained
 *   `kubernetes-models` (ES modules only, so it runs in a short-lived Node process:
 *   kube-validate-worker.mjs; one process per call, synchronous, nothing left running: a suite
 *   with several sets of objects validates them in one call, {@link validateObjectSets});
 * - custom resources against the `openAPIV3Schema` of the served version of their CRD, with ajv,
 *   read the way the API server reads it: fields the schema does not declare (and does not keep
 *   with `x-kubernetes-preserve-unknown-fields`) are reported, because the API server would drop
 *   them silently.
 * What neither can see: CEL rules (`x-kubernetes-validations`), admission webhooks, and unknown
 * fields of built-in kinds (the OpenAPI schemas of built-in kinds do not close their objects).
 */
import Ajv, { ValidateFunction } from "ajv";
import { execFileSync } from "child_process";
import * as path from "path";
import { KubeObject } from "./helm";

const WORKER = path.join(__dirname, "kube-validate-worker.mjs");

/** How an object is named in a finding: `Deployment kube-system/aws-load-balancer-controller (apps/v1)`. */
export function describeObject(object: KubeObject): string {
  const namespace = object.metadata?.namespace ? `${object.metadata.namespace}/` : "";
  return `${object.kind} ${namespace}${object.metadata?.name ?? "<no name>"} (${object.apiVersion})`;
}

/** The CustomResourceDefinitions among rendered objects (e.g. `helm template --include-crds`, or `helm show crds`). */
export function crdsOf(objects: KubeObject[]): KubeObject[] {
  return objects.filter((o) => o.apiVersion === "apiextensions.k8s.io/v1" && o.kind === "CustomResourceDefinition");
}

type Schema = Record<string, any>;

/** The schema as the API server applies it: objects with declared properties are closed unless they keep unknown fields. */
function structural(schema: Schema): Schema {
  if (Array.isArray(schema)) return schema.map(structural) as unknown as Schema;
  if (schema === null || typeof schema !== "object") return schema;
  const copy: Schema = Object.fromEntries(Object.entries(schema).map(([key, value]) => [key, structural(value)]));
  if (copy.properties && copy.additionalProperties === undefined && !copy["x-kubernetes-preserve-unknown-fields"]) {
    copy.additionalProperties = false;
  }
  // metadata of a custom resource is validated by the API server itself (ObjectMeta), not by the CRD.
  if (copy.properties?.metadata && copy.properties.apiVersion && copy.properties.kind) {
    copy.properties = { ...copy.properties, metadata: { type: "object" } };
  }
  return copy;
}

/** Compiled validators by the CRDs' JSON: the same CRDs (one chart's, rendered per environment) are compiled once per suite. */
const compiled = new Map<string, { validators: Map<string, ValidateFunction>; problems: string[] }>();

/** Validators of the served versions of the given CRDs, by `<group>/<version>/<kind>`. */
function crdValidators(crds: KubeObject[]): { validators: Map<string, ValidateFunction>; problems: string[] } {
  const key = JSON.stringify(crds);
  if (!compiled.has(key)) compiled.set(key, compileCrds(crds));
  return compiled.get(key)!;
}

function compileCrds(crds: KubeObject[]): { validators: Map<string, ValidateFunction>; problems: string[] } {
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  const validators = new Map<string, ValidateFunction>();
  const problems: string[] = [];
  for (const crd of crds) {
    for (const version of crd.spec?.versions ?? []) {
      if (!version.served) continue;
      const schema = version.schema?.openAPIV3Schema;
      const key = `${crd.spec.group}/${version.name}/${crd.spec.names?.kind}`;
      if (!schema) {
        problems.push(`${describeObject(crd)}: version ${version.name} has no openAPIV3Schema`);
        continue;
      }
      validators.set(key, ajv.compile(structural(schema)));
    }
  }
  return { validators, problems };
}

/** Built-in kinds through kubernetes-models, in one Node process. */
function validateBuiltIn(objects: KubeObject[]): { status: "valid" | "invalid" | "unknown"; errors?: string[] }[] {
  if (objects.length === 0) return [];
  const output = execFileSync(process.execPath, [WORKER], {
    input: JSON.stringify(objects),
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
    stdio: ["pipe", "pipe", "pipe"],
  });
  return JSON.parse(output);
}

/**
 * Every problem found in `objects` ([] when all are valid): built-in kinds against the Kubernetes
 * OpenAPI schema of their apiVersion, custom resources against `crds` (pass the CRDs the cluster
 * will have: the chart's own, `crdsOf(helmTemplate(..., { includeCrds: true }))`). An object whose
 * kind is neither built in nor defined by a given CRD is a problem too: nothing would accept it.
 */
export function validateObjects(objects: KubeObject[], crds: KubeObject[] = []): string[] {
  return validateObjectSets([{ objects, crds }])[0];
}

const isWellFormed = (o: KubeObject): boolean => typeof o?.apiVersion === "string" && typeof o?.kind === "string";

/**
 * {@link validateObjects} of several sets of objects (each with the CRDs its cluster will have), with
 * one Node process for the built-in kinds of them all: the problems of each set, in order.
 */
export function validateObjectSets(sets: readonly { objects: KubeObject[]; crds?: KubeObject[] }[]): string[][] {
  const builtIn = validateBuiltIn(sets.flatMap((set) => set.objects.filter(isWellFormed)));
  let at = 0;
  return sets.map((set) => {
    const count = set.objects.filter(isWellFormed).length;
    at += count;
    return problemsOf(set.objects, set.crds ?? [], builtIn.slice(at - count, at));
  });
}

/** The problems of one set, given the built-in kinds' results for its well-formed objects in order. */
function problemsOf(objects: KubeObject[], crds: KubeObject[], builtIn: ReturnType<typeof validateBuiltIn>): string[] {
  const problems: string[] = [];
  const malformed = objects.filter((o) => !isWellFormed(o));
  for (const object of malformed) problems.push(`object without apiVersion/kind: ${JSON.stringify(object).slice(0, 200)}`);
  const wellFormed = objects.filter(isWellFormed);
  const { validators, problems: crdProblems } = crdValidators(crds);
  problems.push(...crdProblems);
  wellFormed.forEach((object, i) => {
    const result = builtIn[i];
    if (result.status === "invalid") {
      problems.push(...result.errors!.map((e) => `${describeObject(object)}: ${e}`));
      return;
    }
    if (result.status === "valid") return;
    const [group, version] = object.apiVersion.includes("/") ? object.apiVersion.split("/") : ["", object.apiVersion];
    const validate = validators.get(`${group}/${version}/${object.kind}`);
    if (!validate) {
      problems.push(`${describeObject(object)}: neither a built-in kind of Kubernetes nor served by a CRD given`);
      return;
    }
    if (!validate(object)) {
      problems.push(
        ...(validate.errors ?? []).map((e) =>
          e.keyword === "additionalProperties"
            ? `${describeObject(object)}: ${e.instancePath || "/"} has field "${(e.params as any).additionalProperty}" ` +
              "the CRD does not declare (the API server would drop it)"
            : `${describeObject(object)}: ${e.instancePath || "/"} ${e.message}`,
        ),
      );
    }
  });
  return problems;
}
