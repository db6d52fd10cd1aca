/**
 * Real plans of small Terraform configurations against a prior state written by the test: the
 * real Terraform CLI and AWS provider (through the offline harness's CLI config and plugin
 * cache, unchanged), fake credentials, no API call (`-refresh=false`).
 *
 * How the prior state is made: the `baseline` configuration is planned against an empty state,
 * and its planned values (the provider's own defaults included, with the schema version of each
 * resource) become a version-4 state file; computed ids and ARNs, unknown until apply, get
 * plausible values. Each `after` configuration is then planned against that state, one after the
 * other in one folder (one `terraform init`): the machines have two cores.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { terraform } from "../../src/preview/offline-plan";
import { AWS_PROVIDER_VERSION } from "../../src/config/versions";

type Json = Record<string, any>;

/** One configuration: the root module's JSON and the JSON of each local module folder (`./<name>`). */
export interface Configuration {
  readonly root: Json;
  /** Folder (relative to the root, e.g. `storage` or `storage/logs`) → its `main.tf.json`. Same folders in every configuration. */
  readonly modules?: Record<string, Json>;
}

const REGION = "eu-central-1";
const ACCOUNT = "123456789012";
const AWS_PROVIDER_ADDRESS = 'provider["registry.terraform.io/hashicorp/aws"]';

/** The provider block: fake credentials and the skip flags, so nothing asks AWS. */
const PROVIDER: Json = {
  terraform: { required_providers: { aws: { source: "hashicorp/aws", version: AWS_PROVIDER_VERSION } } },
  provider: {
    aws: {
      region: REGION,
      access_key: "AKIAIOSFODNN7EXAMPLE",
      secret_key: "offline-plan-fake-secret",
      skip_credentials_validation: true,
      skip_requesting_account_id: true,
      skip_metadata_api_check: true,
      skip_region_validation: true,
    },
  },
};

async function run(args: string[], cwd: string): Promise<string> {
  const result = await terraform(args, cwd);
  if (result.status !== 0) throw new Error(`terraform ${args.join(" ")} failed in ${cwd}:\n${result.stderr}${result.stdout}`);
  return result.stdout;
}

function writeConfiguration(dir: string, configuration: Configuration): void {
  fs.writeFileSync(path.join(dir, "main.tf.json"), JSON.stringify({ ...PROVIDER, ...configuration.root }, null, 2));
  for (const [folder, json] of Object.entries(configuration.modules ?? {})) {
    fs.mkdirSync(path.join(dir, folder), { recursive: true });
    fs.writeFileSync(path.join(dir, folder, "main.tf.json"), JSON.stringify(json, null, 2));
  }
}

async function planAndShow(dir: string, refresh: boolean): Promise<Json> {
  fs.rmSync(path.join(dir, "plan.tfplan"), { force: true });
  await run(["plan", "-input=false", "-lock=false", `-refresh=${refresh}`, "-no-color", "-out=plan.tfplan"], dir);
  return JSON.parse(await run(["show", "-json", "plan.tfplan"], dir));
}

/**
 * Computed attributes that AWS fills on create and whose null in a made-up state would make the
 * provider plan a replacement (`availability_zones`, `expected_bucket_owner` force one).
 */
const COMPUTED_ON_CREATE: Record<string, Json> = {
  aws_rds_cluster: { availability_zones: [`${REGION}a`, `${REGION}b`, `${REGION}c`] },
  aws_s3_bucket_lifecycle_configuration: { expected_bucket_owner: "" },
  aws_s3_bucket_versioning: { expected_bucket_owner: "" },
  aws_s3_bucket_object_lock_configuration: { expected_bucket_owner: "" },
};

/** A value for a computed attribute that is unknown until apply; undefined leaves it null. */
function computedValue(type: string, attribute: string, values: Json, name: string): unknown {
  if (Object.prototype.hasOwnProperty.call(COMPUTED_ON_CREATE[type] ?? {}, attribute)) return COMPUTED_ON_CREATE[type][attribute];
  if (attribute === "tags_all") return values.tags ?? {};
  const label = values.bucket ?? values.name ?? values.identifier ?? values.cluster_identifier ?? name;
  if (attribute === "id") return String(label);
  if (attribute === "arn" || attribute.endsWith("_arn"))
    return `arn:aws:${type.replace(/^aws_/, "").split("_")[0]}:${REGION}:${ACCOUNT}:${label}`;
  return undefined;
}

/** The version-4 state that applying `plan` (planned against an empty state) would leave, ids and ARNs made up. */
export function stateFromPlan(plan: Json): Json {
  const unknownOf = new Map<string, Json>((plan.resource_changes ?? []).map((c: Json) => [c.address, c.change.after_unknown ?? {}]));
  const groups = new Map<string, Json>();
  const visit = (module: Json) => {
    for (const r of module.resources ?? []) {
      if (r.mode !== "managed") continue;
      const values: Json = { ...r.values };
      for (const [attribute, unknown] of Object.entries(unknownOf.get(r.address) ?? {})) {
        const value = unknown === true ? computedValue(r.type, attribute, values, r.name) : undefined;
        if (value !== undefined) values[attribute] = value;
      }
      const moduleAddress = module.address as string | undefined;
      const key = `${moduleAddress ?? ""} ${r.type}.${r.name}`;
      const group = groups.get(key) ?? {
        ...(moduleAddress ? { module: moduleAddress } : {}),
        mode: "managed",
        type: r.type,
        name: r.name,
        provider: AWS_PROVIDER_ADDRESS,
        instances: [],
      };
      group.instances.push({
        ...(r.index !== undefined ? { index_key: r.index } : {}),
        schema_version: r.schema_version ?? 0,
        attributes: values,
        sensitive_attributes: [],
      });
      groups.set(key, group);
    }
    for (const child of module.child_modules ?? []) visit(child);
  };
  visit(plan.planned_values?.root_module ?? {});
  return {
    version: 4,
    terraform_version: "1.11.4",
    serial: 1,
    lineage: "3f1c9a52-0000-4000-8000-000000000011",
    outputs: {},
    resources: [...groups.values()],
  };
}

/**
 * Plans `baseline` against an empty state, makes that the prior state, and plans each of `after`
 * against it. Returns `terraform show -json` of each plan by name, and the state used.
 */
export async function planAgainstPriorState(
  baseline: Configuration,
  after: Record<string, Configuration>,
): Promise<{ state: Json; plans: Record<string, Json> }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rw-prior-state-"));
  try {
    writeConfiguration(dir, baseline);
    await run(["init", "-input=false", "-no-color"], dir);
    const state = stateFromPlan(await planAndShow(dir, true));
    const plans: Record<string, Json> = {};
    for (const [name, configuration] of Object.entries(after)) {
      writeConfiguration(dir, configuration);
      fs.writeFileSync(path.join(dir, "terraform.tfstate"), JSON.stringify(state, null, 2));
      fs.rmSync(path.join(dir, "terraform.tfstate.backup"), { force: true });
      plans[name] = await planAndShow(dir, false);
    }
    return { state, plans };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
