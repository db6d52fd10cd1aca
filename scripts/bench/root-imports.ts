import * as fs from "fs";
import * as path from "path";

const PROVIDERS = ["aws", "kubernetes", "helm"] as const;
const DEEP_IMPORT = /import\s*\{([^}]*)\}\s*from\s*["']@cdktf\/provider-(aws|kubernetes|helm)\/lib\/([\w-]+)["'];?/g;

/** `lib/<module>` → the namespace the package root exports it as (`eks-cluster` → `eksCluster`), read from the package's index. */
export function rootNamespaces(nodeModules: string): Record<string, Record<string, string>> {
  return Object.fromEntries(
    PROVIDERS.map((provider) => {
      const index = fs.readFileSync(path.join(nodeModules, "@cdktf", `provider-${provider}`, "lib", "index.d.ts"), "utf8");
      return [provider, Object.fromEntries([...index.matchAll(/export \* as (\w+) from '\.\/([\w-]+)';/g)].map((m) => [m[2], m[1]]))];
    }),
  );
}

/**
 * The cdktf template's way of importing providers, for the benchmark's baseline: every deep
 * import (`import { Vpc } from "@cdktf/provider-aws/lib/vpc"`) becomes the package root
 * (a namespace import of the package, then `import Vpc = <namespace>.vpc.Vpc`), which loads
 * every resource class of the provider. Types and values keep working, so the code type-checks.
 */
export function toRootImports(source: string, namespaces: Record<string, Record<string, string>>): string {
  const used = new Set<string>();
  const rewritten = source.replace(DEEP_IMPORT, (_all, names: string, provider: string, module: string) => {
    const namespace = namespaces[provider]?.[module];
    if (!namespace) throw new Error(`@cdktf/provider-${provider}/lib/${module} is not exported by the package root`);
    used.add(provider);
    return names
      .split(",")
      .map((n) => n.trim())
      .filter(Boolean)
      .map((n) => {
        const [imported, local] = n.split(/\s+as\s+/).map((p) => p.trim());
        return `import ${local ?? imported} = __provider_${provider}.${namespace}.${imported};`;
      })
      .join("\n");
  });
  const header = [...used].map((p) => `import * as __provider_${p} from "@cdktf/provider-${p}";`).join("\n");
  return header ? `${header}\n${rewritten}` : rewritten;
}
