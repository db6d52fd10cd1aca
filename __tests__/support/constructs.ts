import { Testing } from "cdktf";
import { Construct } from "constructs";

/** Synthesized JSON of what `build` adds to a scope (Testing.synthScope: no `//` blocks, no node.addValidation checks). */
export type Json = Record<string, any>;

/** An account, region and partition for constructs that build ARNs (the literal `aws` partition is a test value). */
export const ENVIRONMENT = { accountId: "111111111111", region: "eu-central-1", partition: "aws" } as const;

/** Synthesizes one construct (or a few) through `Testing.synthScope` and parses the JSON. */
export function synthConstruct(build: (scope: Construct) => void): Json {
  return JSON.parse(Testing.synthScope(build));
}

/** Every resource of a type, keyed by its Terraform name. */
export function resources(json: Json, type: string): Record<string, Json> {
  return json.resource?.[type] ?? {};
}

/** The resources of a type whose Terraform name contains `part` (every one without `part`). */
export function all(json: Json, type: string, part = ""): Json[] {
  return Object.entries(resources(json, type))
    .filter(([name]) => name.includes(part))
    .map(([, value]) => value);
}

/** The one resource of a type (whose Terraform name contains `part`); fails when there are none or several. */
export function one(json: Json, type: string, part = ""): Json {
  const found = all(json, type, part);
  if (found.length !== 1) throw new Error(`expected one ${type}${part ? ` named *${part}*` : ""}, found ${found.length}`);
  return found[0];
}

/** The Terraform name of the one resource of a type whose name contains `part`. */
export function nameOf(json: Json, type: string, part: string): string {
  const names = Object.keys(resources(json, type)).filter((name) => name.includes(part));
  if (names.length !== 1) throw new Error(`expected one ${type} named *${part}*, found ${names.join(", ") || "none"}`);
  return names[0];
}

/** The statements of the one policy document (data source) whose Terraform name contains `part`. */
export function statements(json: Json, part: string): Json[] {
  const docs = Object.entries(json.data?.aws_iam_policy_document ?? {}).filter(([name]) => name.includes(part));
  if (docs.length !== 1) throw new Error(`expected one policy document named *${part}*, found ${docs.length}`);
  return (docs[0][1] as Json).statement;
}
