/**
 * Code that runs at plan time: providers and data sources. By the time the review reads a plan, this code has already
 * run, with the credentials of whoever made the plan (the apps stack's plan is made with the deploy role, as
 * `.github/workflows/deploy-environment.yml` does): an `external` data source runs a program, an `http` one calls any
 * URL, and a provider binary of an unknown source can do anything with the credentials it is given. The review still
 * refuses them so that the next plan and the apply never run them again. An allow-list, from what the stacks
 * synthesize: the providers `hashicorp/aws`, `hashicorp/helm`, `hashicorp/kubernetes` and Terraform's built-in one
 * (`terraform_remote_state`), and data sources of the AWS provider (API reads) and `terraform_remote_state`.
 *
 * The Kubernetes and Helm providers also run a command of their configuration (`exec`) to get a cluster token: the
 * stacks run `aws eks get-token`. A provider whose `exec` runs another command, whose arguments do not start with
 * `eks get-token`, which sets `env`, or which reads a kubeconfig file (`config_path`, whose own `exec` the plan does
 * not show) is refused. The plan JSON shows an expression's value only when it is a constant: arguments that include a
 * computed value (the cluster's name) appear only as references, so their prefix is not compared; and the Helm
 * provider's `kubernetes` attribute, an object built from references, is not readable at all: nothing is compared.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

/** Provider sources (`<namespace>/<type>` of `registry.terraform.io/...`) a stack may use. */
export const ALLOWED_PROVIDERS: readonly string[] = ["hashicorp/aws", "hashicorp/helm", "hashicorp/kubernetes", "builtin/terraform"];

/** Whether a data source type may be read: the AWS provider's (read-only API calls) and the remote state of another stack. */
export const isAllowedDataSource = (type: string): boolean => type.startsWith("aws_") || type === "terraform_remote_state";

const isObj = (v: Json): boolean => typeof v === "object" && v !== null && !Array.isArray(v);
const list = (v: Json): Json[] => (Array.isArray(v) ? v : []);

/** `registry.terraform.io/hashicorp/aws` → `hashicorp/aws`; `terraform.io/builtin/terraform` → `builtin/terraform`. */
const sourceOf = (fullName: string): string => fullName.split("/").slice(-2).join("/");

/** Providers that run an `exec` command for a cluster token. */
const CLUSTER_PROVIDERS = ["hashicorp/kubernetes", "hashicorp/helm"];

/** A block (a list of one object) or an attribute (an object; its `constant_value` when constant) of a plan's expressions. */
const blocks = (v: Json): Json[] => {
  if (Array.isArray(v)) return v.filter(isObj);
  if (!isObj(v) || "references" in v) return [];
  return "constant_value" in v ? blocks(v.constant_value) : [v];
};
/** An expression's constant value, or undefined when it is computed (references only) or a plain value (inside a constant). */
const constant = (v: Json): Json => (isObj(v) && "constant_value" in v ? v.constant_value : isObj(v) && "references" in v ? undefined : v);
const isSet = (v: Json) => v !== undefined && v !== null && !(isObj(v) && Object.keys(v).length === 0);

/**
 * Why a Kubernetes or Helm provider's cluster access runs code the review does not read: an `exec` other than
 * `aws eks get-token` without `env`, or a kubeconfig file. `expressions` is the provider's, or the Helm provider's
 * `kubernetes` block (Helm provider 2) or constant object (3).
 */
function clusterAuthProblems(expressions: Json): string[] {
  if (!isObj(expressions)) return [];
  const problems: string[] = [];
  for (const key of ["config_path", "config_paths"])
    if (isSet(expressions[key])) problems.push(`${key} reads a kubeconfig file, whose exec command the plan does not show`);
  for (const exec of blocks(expressions.exec)) {
    const command = constant(exec.command);
    if (command !== "aws") problems.push(`its exec command ${JSON.stringify(command ?? "(computed)")} is not aws`);
    const args = constant(exec.args);
    const argsKnown = Array.isArray(args) && args.every((a) => typeof a === "string");
    if (argsKnown ? args[0] !== "eks" || args[1] !== "get-token" : isSet(args))
      problems.push(`its exec args ${JSON.stringify(args)} do not start with eks get-token`);
    if ((isObj(exec.env) && "references" in exec.env) || isSet(constant(exec.env)))
      problems.push("its exec sets env, which can change what the aws command runs");
  }
  for (const kubernetes of blocks(expressions.kubernetes)) problems.push(...clusterAuthProblems(kubernetes));
  return problems;
}

export interface PlanTimeCode {
  readonly address: string;
  readonly type: string;
  readonly problem: string;
}

/** The providers and data sources of a plan's configuration (every module) and resource changes that are not allowed. */
export function planTimeCodeOf(plan: { configuration?: unknown; resource_changes?: readonly Json[] }): PlanTimeCode[] {
  const found: PlanTimeCode[] = [];
  const seen = new Set<string>();
  const add = (f: PlanTimeCode) => {
    const key = `${f.address} ${f.type}`;
    if (!seen.has(key)) found.push(f);
    seen.add(key);
  };
  const configuration: Json = isObj(plan.configuration) ? plan.configuration : {};
  for (const [name, provider] of Object.entries<Json>(isObj(configuration.provider_config) ? configuration.provider_config : {})) {
    const fullName = typeof provider?.full_name === "string" ? provider.full_name : "";
    if (!ALLOWED_PROVIDERS.includes(sourceOf(fullName)))
      add({ address: `provider.${name}`, type: fullName || "(unknown source)", problem: `provider ${fullName || name} is not allowed` });
  }
  for (const [name, provider] of Object.entries<Json>(isObj(configuration.provider_config) ? configuration.provider_config : {})) {
    const fullName = typeof provider?.full_name === "string" ? provider.full_name : "";
    if (!CLUSTER_PROVIDERS.includes(sourceOf(fullName))) continue;
    for (const problem of clusterAuthProblems(provider?.expressions))
      add({ address: `provider.${name}`, type: fullName, problem: `provider ${name}: ${problem}` });
  }
  const walk = (module: Json, prefix: string) => {
    if (!isObj(module)) return;
    for (const r of list(module.resources))
      if (isObj(r) && r.mode === "data" && !isAllowedDataSource(String(r.type)))
        add({ address: `${prefix}${r.address}`, type: String(r.type), problem: `data source ${r.type} is not allowed` });
    for (const [name, call] of Object.entries<Json>(isObj(module.module_calls) ? module.module_calls : {}))
      walk(call?.module, `${prefix}module.${name}.`);
  };
  walk(configuration.root_module, "");
  for (const c of plan.resource_changes ?? []) {
    const fullName = typeof c?.provider_name === "string" ? c.provider_name : "";
    if (fullName !== "" && !ALLOWED_PROVIDERS.includes(sourceOf(fullName)))
      add({ address: String(c.address), type: String(c.type), problem: `its provider ${fullName} is not allowed` });
    if (c?.mode === "data" && !isAllowedDataSource(String(c.type)))
      add({ address: String(c.address), type: String(c.type), problem: `data source ${c.type} is not allowed` });
  }
  return found;
}
