import { ConfigError } from "../config/issues";
import { loadEnvironments } from "../config/load";
import { EnvironmentConfig } from "../config/schema";
import { AwsClients, createAwsClients, destroyAwsClients } from "./aws-clients";
import { exitCodeOf, formatPreflight, runPreflight, Stage, STAGES } from "./preflight";

export const USAGE = `Usage: npm run preflight -- <environment> [--stage account|apps]

Read-only AWS checks before a deploy, with the current AWS credentials; every problem is listed
with its fix.
  --stage account  (default) before the first stack of the environment: the credentials' account,
                   cluster.adminRoleArns, the domain's hosted zone, the EC2 Spot and on-demand vCPU
                   quotas at the environment's maxima, the service-linked roles the stacks need
  --stage apps     before the apps stack: every service's image tag in ECR, the GitHub connection approved,
                   the caller one of cluster.adminRoleArns (the cluster admits no one else)
Environment files are read from environments/ or $ENVIRONMENTS_DIR. Exit codes: 0 ready,
1 problems found (or no credentials), 2 usage error.`;

export type ParsedArguments =
  | { readonly kind: "run"; readonly environment: string; readonly stage: Stage }
  | { readonly kind: "help" }
  | { readonly kind: "usage-error"; readonly message: string };

/** `<environment> [--stage account|apps]`, also `--stage=apps`; anything else is a usage error that names it. */
export function parseArguments(argv: readonly string[]): ParsedArguments {
  if (argv.includes("--help") || argv.includes("-h")) return { kind: "help" };
  let stage: Stage = "account";
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--stage" || arg.startsWith("--stage=")) {
      const value = arg === "--stage" ? argv[++i] : arg.slice("--stage=".length);
      if (!(STAGES as readonly (string | undefined)[]).includes(value)) {
        return { kind: "usage-error", message: `--stage must be one of ${STAGES.join(", ")}, not ${value ?? "nothing"}` };
      }
      stage = value as Stage;
    } else if (arg.startsWith("-")) return { kind: "usage-error", message: `unknown option ${arg}` };
    else positional.push(arg);
  }
  if (positional.length !== 1) {
    return {
      kind: "usage-error",
      message: positional.length === 0 ? "name one environment" : `one environment only, not ${positional.join(" ")}`,
    };
  }
  return { kind: "run", environment: positional[0], stage };
}

export interface CommandDeps {
  readonly environmentsDir: string;
  /** @default the SDK's clients in the environment's region, with the SDK's credentials and endpoints */
  readonly clients?: (config: EnvironmentConfig) => AwsClients;
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

/** The whole command, in-process: returns the exit code (0 ready, 1 problems or no credentials, 2 usage). */
export async function preflightCommand(argv: readonly string[], deps: CommandDeps): Promise<number> {
  const parsed = parseArguments(argv);
  if (parsed.kind === "help") {
    deps.out(USAGE);
    return 0;
  }
  if (parsed.kind === "usage-error") {
    deps.err(`preflight: ${parsed.message}\n\n${USAGE}`);
    return 2;
  }
  let config: EnvironmentConfig | undefined;
  let names: string[];
  try {
    const environments = loadEnvironments(deps.environmentsDir);
    names = environments.map((e) => e.config.name);
    config = environments.find((e) => e.config.name === parsed.environment)?.config;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    deps.err(error.message);
    return 1;
  }
  if (!config) {
    deps.err(`preflight: no environment named ${parsed.environment} in ${deps.environmentsDir} (there: ${names.join(", ") || "none"})`);
    return 2;
  }
  const clients = (deps.clients ?? ((c) => createAwsClients({ region: c.region })))(config);
  try {
    const result = await runPreflight(config, parsed.stage, clients);
    (result.kind === "no-credentials" ? deps.err : deps.out)(formatPreflight(config.name, parsed.stage, result));
    return exitCodeOf(result);
  } finally {
    destroyAwsClients(clients);
  }
}
