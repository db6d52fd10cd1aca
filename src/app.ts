import { App } from "cdktf";
import "./cdktf-escape-scan";
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
    // Stacks meet through their outputs (src/stacks/contracts.ts), plain values only.
    const network = new NetworkStack(app, config);
    const data = new DataStack(app, config, network.outputs);
    const cluster = new ClusterStack(app, config, network.outputs);
    const apps = new AppsStack(app, config, { network: network.outputs, data: data.outputs, cluster: cluster.outputs });
    // The deploy order, explicit: network, then data and cluster in parallel, then apps (after
    // both). cdktf adds the same dependencies from the cross-stack references at synth; these hold
    // without them.
    data.addDependency(network);
    cluster.addDependency(network);
    apps.addDependency(data);
    apps.addDependency(cluster);
    environments[config.name] = { network, data, cluster, apps };
  }
  return { bootstrap, environments };
}
