/**
 * Code that runs at plan time: providers and data sources. By the time the review reads a plan, this code has already
 * run, with the plan role (which reads only): an `external` data source runs a program, an `http` one calls any URL,
 * and a provider binary of an unknown source can do anything with the credentials it is given. The review still
 * refuses them so that the apply, which runs them again with the deploy role, never does. An allow-list, from what
 * the stacks synthesize: the providers `hashicorp/aws`, `hashicorp/helm`, `hashicorp/kubernetes` and Terraform's
 * built-in one (`terraform_remote_state`), and data sources of the AWS provider (API reads) and `terraform_remote_state`.
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
