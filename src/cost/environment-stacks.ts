import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { App } from "cdktf";
import { buildStacks } from "../app";
import { EnvironmentConfig } from "../config/schema";
import { bootstrapProviderAlias, bootstrapStackName, stackName } from "../naming";
import { stackView } from "../synthesized/stack-view";
import { Json, StackView } from "../synthesized/types";
import { validateStacks } from "../stack-validation";
import { synthesizedStacks } from "../synth";

/** The stacks an environment pays for, in deploy order: its share of its account's bootstrap stack, then network, data, cluster, apps. */
export interface EnvironmentStacks {
  readonly config: EnvironmentConfig;
  readonly stacks: readonly StackView[];
}

/**
 * Synthesizes the environments (already validated) into a temporary folder and returns each
 * one's stacks. The bootstrap stack of the environment's account (`bootstrap-<accountId>`) is cut
 * down to the resources of the environment's region (its state bucket, key and CI roles).
 */
export function synthesizeEnvironmentStacks(configs: readonly EnvironmentConfig[]): EnvironmentStacks[] {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "road-warrior-cost-"));
  try {
    // cdktf's own validations would run `terraform version` per stack: src/stack-validation.ts.
    const app = new App({ outdir, skipValidation: true });
    buildStacks(app, configs);
    const invalid = validateStacks(app);
    if (invalid.length > 0) throw new Error(`Stack validation failed:\n  ${invalid.join("\n  ")}`);
    app.synth();
    const byName = new Map(synthesizedStacks(outdir).map((s) => [s.name, s.json]));
    return configs.map((config) => ({ config, stacks: environmentStacks(config, byName) }));
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

export function environmentStacks(config: EnvironmentConfig, byName: ReadonlyMap<string, Json>): StackView[] {
  const bootstrapName = bootstrapStackName(config.accountId);
  const bootstrap = byName.get(bootstrapName);
  const own = (["network", "data", "cluster", "apps"] as const).map((kind) => {
    const name = stackName(config.name, kind);
    const json = byName.get(name);
    if (!json) throw new Error(`stack ${name} was not synthesized`);
    return stackView(name, json);
  });
  return bootstrap ? [stackView(bootstrapName, bootstrapShare(bootstrap, config)), ...own] : own;
}

/** The bootstrap resources created through the provider of this environment's account and region. */
function bootstrapShare(json: Json, config: EnvironmentConfig): Json {
  const region = config.backend.type === "s3" ? (config.backend.region ?? config.region) : config.region;
  const providers = new Set([region, config.region].map((r) => `aws.${bootstrapProviderAlias(config.accountId, r)}`));
  const resource: Json = {};
  for (const [type, byName] of Object.entries((json.resource ?? {}) as Record<string, Record<string, Json>>)) {
    const mine = Object.entries(byName).filter(([, r]) => providers.has(r.provider));
    if (mine.length > 0) resource[type] = Object.fromEntries(mine);
  }
  return { ...json, resource };
}
