import { Json, Resource, StackView } from "./types";

const POLICY_REFERENCE = /^\$\{data\.aws_iam_policy_document\.([\w-]+)\.json\}$/;

/** A {@link StackView} over the JSON of one synthesized stack. */
export function stackView(name: string, json: Json): StackView {
  const all: Resource[] = Object.entries((json.resource ?? {}) as Record<string, Record<string, Json>>).flatMap(([type, byName]) =>
    Object.entries(byName).map(([resourceName, config]) => ({
      stack: name,
      type,
      name: resourceName,
      address: `${type}.${resourceName}`,
      config,
    })),
  );
  return {
    name,
    json,
    resources: (type) => all.filter((r) => r.type === type),
    allResources: () => [...all],
    policyStatements: (reference) => {
      const match = typeof reference === "string" ? POLICY_REFERENCE.exec(reference) : null;
      const document = match ? json.data?.aws_iam_policy_document?.[match[1]] : undefined;
      return document ? (document.statement ?? []) : undefined;
    },
    isReferenced: (address, except) => {
      const needle = `${address}.`;
      const inResources = all.some((r) => r.address !== address && !(except?.(r) ?? false) && JSON.stringify(r.config).includes(needle));
      return inResources || JSON.stringify(json.output ?? {}).includes(needle) || JSON.stringify(json.data ?? {}).includes(needle);
    },
  };
}
