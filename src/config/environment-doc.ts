import { z } from "./zod";
import { environmentSchema } from "./schema";

/** A JSON Schema node, as much of it as the reference reads. */
interface Node {
  readonly type?: string | readonly string[];
  readonly description?: string;
  readonly default?: unknown;
  readonly enum?: readonly unknown[];
  readonly const?: unknown;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly properties?: Readonly<Record<string, Node>>;
  readonly required?: readonly string[];
  readonly items?: Node;
  readonly oneOf?: readonly Node[];
  readonly anyOf?: readonly Node[];
  readonly additionalProperties?: Node | boolean;
}

/** One field of the environment file: its path (`services[].port`), whether it must be set, and its schema. */
export interface EnvironmentField {
  readonly path: string;
  readonly required: boolean;
  readonly node: Node;
}

/** The validation schema as JSON Schema, in its input shape (fields with defaults are optional). */
function inputSchema(): Node {
  return z.toJSONSchema(environmentSchema, { io: "input", unrepresentable: "any" }) as Node;
}

/**
 * Every field of the environment file, depth first, in the schema's order. Objects inside arrays
 * are walked as `name[].field`; the variants of a union (`backend`) as `backend.field (type: s3)`.
 */
export function environmentFields(root: Node = inputSchema()): EnvironmentField[] {
  const fields: EnvironmentField[] = [];
  const walk = (node: Node, prefix: string, suffix: string) => {
    for (const [key, child] of Object.entries(node.properties ?? {})) {
      if (key === "$schema") continue;
      const path = `${prefix}${key}`;
      fields.push({ path: `${path}${suffix}`, required: (node.required ?? []).includes(key), node: child });
      visitChildren(child, path, suffix);
    }
  };
  const visitChildren = (node: Node, path: string, suffix: string) => {
    if (node.properties) walk(node, `${path}.`, suffix);
    if (node.items?.properties) walk(node.items, `${path}[].`, suffix);
    for (const variant of node.oneOf ?? []) {
      const tag = Object.entries(variant.properties ?? {}).find(([, p]) => p.const !== undefined);
      const variantSuffix = tag ? ` (${tag[0]}: ${String(tag[1].const)})` : suffix;
      for (const [key, child] of Object.entries(variant.properties ?? {})) {
        if (tag && key === tag[0]) continue;
        fields.push({ path: `${path}.${key}${variantSuffix}`, required: (variant.required ?? []).includes(key), node: child });
        visitChildren(child, `${path}.${key}`, variantSuffix);
      }
    }
  };
  walk(root, "", "");
  return fields;
}

const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ");
const code = (value: unknown) => `\`${typeof value === "string" ? value : JSON.stringify(value)}\``;

/** What values a field takes: its type, the allowed values and bounds the JSON Schema states. */
function accepts(node: Node): string {
  if (node.const !== undefined) return code(node.const);
  if (node.enum) return `one of ${node.enum.map(code).join(", ")}`;
  const union = node.anyOf ?? node.oneOf;
  if (union) {
    const variants = union.map((n) => (n.properties?.type?.const !== undefined ? `${code(n.properties.type.const)} form` : accepts(n)));
    return variants.join(" or ");
  }
  const type = typeof node.type === "string" ? node.type : (node.type?.join(" or ") ?? "any");
  const parts: string[] = [];
  if (type === "array") {
    const items = node.items;
    parts.push(items?.properties ? "list of objects" : `list of ${items ? accepts(items) : "any"}`);
    if (node.minItems !== undefined) parts.push(`at least ${node.minItems}`);
    if (node.maxItems !== undefined) parts.push(`at most ${node.maxItems}`);
  } else if (type === "object" && !node.properties && typeof node.additionalProperties === "object") {
    parts.push(`map of ${accepts(node.additionalProperties)}`);
  } else {
    parts.push(type);
    if (node.minimum !== undefined && node.maximum !== undefined) parts.push(`${node.minimum} to ${node.maximum}`);
    else if (node.minimum !== undefined) parts.push(`${node.minimum} or more`);
    else if (node.maximum !== undefined) parts.push(`${node.maximum} or less`);
  }
  return parts.join(", ");
}

function defaultText(field: EnvironmentField): string {
  const { node } = field;
  if (node.default === undefined) return field.required ? "**required**" : "none";
  if (node.properties && typeof node.default === "object") return "the defaults of its fields";
  return code(node.default);
}

/** The fields named in a heading's table: a top-level object's own subtree, or the top-level scalars. */
function section(fields: readonly EnvironmentField[], top: string | undefined): string[] {
  const rows = fields.filter((f) => {
    const head = f.path.split(/[.[ ]/)[0];
    return top === undefined ? !f.path.includes(".") && !f.path.includes("[") && !isGroup(f.node) : head === top;
  });
  return [
    "| field | accepts | default | meaning |",
    "| --- | --- | --- | --- |",
    ...rows.map((f) => `| \`${f.path}\` | ${cell(accepts(f.node))} | ${cell(defaultText(f))} | ${cell(f.node.description ?? "")} |`),
  ];
}

const isGroup = (node: Node) => Boolean(node.properties || node.items?.properties || node.oneOf);

/**
 * `docs/environment-file.md`: every field of an environment file with what it accepts, its default
 * and its meaning, all read from the validation schema (`src/config/schema.ts`). Regenerate with
 * `npm run docs`; a test fails when it is stale and when a field has no description.
 */
export function environmentFileDoc(root: Node = inputSchema()): string {
  const fields = environmentFields(root);
  const groups = Object.entries(root.properties ?? {}).filter(([, node]) => isGroup(node));
  const lines = [
    "# The environment file",
    "",
    "<!-- Generated by `npm run docs` from the descriptions and defaults in src/config/schema.ts; do not edit. -->",
    "",
    "One YAML file per environment, `environments/<name>.yaml`. Editors complete and check it with",
    "`environments/environment.schema.json` (`npm run schema`). The rules that relate several fields",
    "(AZs of the region, overlapping CIDRs across files, production's stricter rules) are listed in",
    "[environments.md](environments.md#validation). A field marked **required** must be set; every other",
    "field may be left out and takes its default.",
    "",
    "## Top-level fields",
    "",
    ...section(fields, undefined),
    ...groups.flatMap(([key]) => ["", `## \`${key}\``, "", ...section(fields, key)]),
    "",
  ];
  return lines.join("\n");
}
