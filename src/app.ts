import { App } from "cdktf";
import "./cdktf-stack-traces";
import { EnvironmentConfig } from "./config/schema";
import { AppsStack } from "./stacks/apps-stack";
import { bootstrapAccounts, BootstrapStack } from "./stacks/bootstrap-stack";
import { ClusterStack } from "./stacks/cluster-stack";
import { DataStack } from "./stacks/data-stack";
import { NetworkStack } from "./stacks/network-stack";

/** Every stack of every environment, and one bootstrap stack per account (`bootstrap-<accountId>`). */
export interface RoadWarriorStacks {
  /** By account id. */
  readonly bootstrap: Record<string, BootstrapStack>;
  readonly environments: Record<
    string,
    { readonly network: NetworkStack; readonly data: DataStack; readonly cluster: ClusterStack; readonly apps: AppsStack }
  >;
}

/** Adds all stacks to `app`. Configs must be validated (`loadEnvironments`). */
export function buildStacks(app: App, configs: readonly EnvironmentConfig[]): RoadWarriorStacks {
  const project = configs[0]?.project ?? "road-warrior";
  const bootstrap = Object.fromEntries(
    bootstrapAccounts(configs).map((account) => [account, new BootstrapStack(app, project, account, configs)]),
  );
  const environments: RoadWarriorStacks["environments"] = {};
  for (const config of configs) {
    const network = new NetworkStack(app, config);
    const data = new DataStack(app, config, network);
    const cluster = new ClusterStack(app, config, network);
    const apps = new AppsStack(app, config, { network, data, cluster });
    environments[config.name] = { network, data, cluster, apps };
  }
  return { bootstrap, environments };
}
