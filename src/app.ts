import { App } from "cdktf";
import { EnvironmentConfig } from "./config/schema";
import { BootstrapStack, stateBuckets } from "./stacks/bootstrap-stack";
import { DataStack } from "./stacks/data-stack";
import { NetworkStack } from "./stacks/network-stack";

/** Every stack of every environment, and the one bootstrap stack. */
export interface RoadWarriorStacks {
  readonly bootstrap: BootstrapStack;
  readonly environments: Record<string, { readonly network: NetworkStack; readonly data: DataStack }>;
}

/** Adds all stacks to `app`. Configs must be validated (`loadEnvironments`). */
export function buildStacks(app: App, configs: readonly EnvironmentConfig[]): RoadWarriorStacks {
  const bootstrap = new BootstrapStack(app, configs[0]?.project ?? "road-warrior", stateBuckets(configs));
  const environments: RoadWarriorStacks["environments"] = {};
  for (const config of configs) {
    const network = new NetworkStack(app, config);
    const data = new DataStack(app, config, network);
    environments[config.name] = { network, data };
  }
  return { bootstrap, environments };
}
