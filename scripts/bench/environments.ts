import * as fs from "fs";
import * as path from "path";
import { parse, stringify } from "yaml";

/**
 * Writes the built-in environments into `dir` with `count` generated backend services each
 * instead of their own: every tenth service is public (its own path), every other one has a
 * database user. The rest of each file (network, database, cluster) is unchanged.
 */
export function writeEnvironmentsWithServices(builtInDir: string, dir: string, count: number): void {
  fs.mkdirSync(dir, { recursive: true });
  for (const file of fs.readdirSync(builtInDir).filter((f) => f.endsWith(".yaml"))) {
    const raw = parse(fs.readFileSync(path.join(builtInDir, file), "utf8")) as Record<string, unknown>;
    raw.services = Array.from({ length: count }, (_, i) => {
      const name = `svc-${String(i + 1).padStart(3, "0")}`;
      return {
        name,
        ...(i % 10 === 0 ? { public: true, path: `/${name}` } : {}),
        port: 8080,
        healthPath: "/healthz",
        imageTag: "1.0.0",
        cpu: "100m",
        memory: "128Mi",
        minReplicas: 1,
        maxReplicas: 2,
        ...(i % 2 === 0 ? { databaseUser: name.replace(/-/g, "_") } : {}),
      };
    });
    fs.writeFileSync(path.join(dir, file), stringify(raw));
  }
}
