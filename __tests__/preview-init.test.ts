import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { AWS_PROVIDER_VERSION } from "../src/config/versions";
import {
  INIT_KEY_FILE,
  initKey,
  InitInputs,
  initSourceKey,
  initStillValid,
  offlineCopy,
  terraformEnvironment,
  writeCliConfigIn,
} from "../src/preview/offline-plan";

const INPUTS: InitInputs = {
  terraformVersion: "1.11.4",
  terraformBlock: {
    required_providers: { aws: { source: "aws", version: AWS_PROVIDER_VERSION } },
    backend: { local: { path: "terraform.tfstate" } },
  },
  cliConfig: 'plugin_cache_dir = "/cache"\n',
};
const LOCK = `provider "registry.terraform.io/hashicorp/aws" {\n  version = "${AWS_PROVIDER_VERSION}"\n}\n`;

/** A folder laid out the way `terraform init` leaves it (the lock file, the provider linked from a cache) plus the preview's key. */
function initialisedFolder(root: string): { dir: string; cache: string } {
  const dir = path.join(root, "stack");
  const cache = path.join(root, "cache", "aws", "linux_amd64");
  fs.mkdirSync(cache, { recursive: true });
  const versionDir = path.join(dir, ".terraform", "providers", "registry.terraform.io", "hashicorp", "aws", AWS_PROVIDER_VERSION);
  fs.mkdirSync(versionDir, { recursive: true });
  fs.symlinkSync(cache, path.join(versionDir, "linux_amd64"), "dir");
  fs.writeFileSync(path.join(dir, ".terraform.lock.hcl"), LOCK);
  fs.writeFileSync(path.join(dir, INIT_KEY_FILE), `${initKey(INPUTS, LOCK)}\n`);
  return { dir, cache };
}

describe("preview: an initialised folder is reused only while what init depended on is unchanged", () => {
  let root: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), "rw-init-reuse-"));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  test("the same Terraform, providers, CLI config and lock file: the folder is reused", () => {
    const { dir } = initialisedFolder(root);
    expect(initStillValid(dir, INPUTS)).toBe(true);
  });

  test("another provider version in the stack means another provider to install: init again", () => {
    const { dir } = initialisedFolder(root);
    const upgraded = { ...INPUTS, terraformBlock: { required_providers: { aws: { source: "aws", version: "5.101.0" } } } };
    expect(initStillValid(dir, upgraded)).toBe(false);
  });

  test("a lock file changed since the init (other checksums, another build of the provider): init again", () => {
    const { dir } = initialisedFolder(root);
    fs.writeFileSync(path.join(dir, ".terraform.lock.hcl"), LOCK.replace(AWS_PROVIDER_VERSION, `${AWS_PROVIDER_VERSION}-other`));
    expect(initStillValid(dir, INPUTS)).toBe(false);
  });

  test("another Terraform version or CLI config (mirror, plugin cache) may install differently: init again", () => {
    const { dir } = initialisedFolder(root);
    expect(initStillValid(dir, { ...INPUTS, terraformVersion: "1.12.0" })).toBe(false);
    expect(initStillValid(dir, { ...INPUTS, cliConfig: 'plugin_cache_dir = "/elsewhere"\n' })).toBe(false);
  });

  test("a provider link into a plugin cache that was removed would fail at plan: init again", () => {
    const { dir, cache } = initialisedFolder(root);
    fs.rmSync(cache, { recursive: true, force: true });
    expect(initStillValid(dir, INPUTS)).toBe(false);
  });

  test("a folder that never finished init (no key, or no provider installed) is not reused", () => {
    const { dir } = initialisedFolder(root);
    fs.rmSync(path.join(dir, INIT_KEY_FILE));
    expect(initStillValid(dir, INPUTS)).toBe(false);
    const { dir: other } = initialisedFolder(fs.mkdtempSync(path.join(root, "x-")));
    fs.rmSync(path.join(other, ".terraform"), { recursive: true, force: true });
    expect(initStillValid(other, INPUTS)).toBe(false);
    expect(initStillValid(path.join(root, "no-such-folder"), INPUTS)).toBe(false);
  });
});

describe("offline copies and the CLI config Terraform reads in each stack's folder", () => {
  let root: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), "rw-offline-copy-"));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  test("a relative folder (the preview's default cdktf.out) gives absolute paths: Terraform reads them in each stack's folder", () => {
    const relative = path.relative(process.cwd(), path.join(root, "preview-init"));
    const text = fs.readFileSync(writeCliConfigIn(relative), "utf8");
    expect(text).toContain(`plugin_cache_dir = "${path.join(root, "preview-init", "plugin-cache")}"`);
  });

  const stack = (provider: Record<string, unknown>) => ({
    terraform: { backend: { s3: { bucket: "state" } } },
    provider: { aws: [{ region: "eu-central-1", allowed_account_ids: ["111111111111"], ...provider }] },
  });

  test("the copy plans against a local state with account pinning kept, no instance metadata and no region lookup", () => {
    const copy = offlineCopy(stack({}), root);
    expect(copy.terraform.backend).toEqual({ local: { path: "terraform.tfstate" } });
    expect(copy.provider.aws[0]).toEqual({
      region: "eu-central-1",
      allowed_account_ids: ["111111111111"],
      skip_metadata_api_check: true,
      skip_region_validation: true,
    });
  });

  test.each(["access_key", "secret_key", "token", "profile", "skip_credentials_validation", "skip_requesting_account_id", "endpoints"])(
    "a provider block that sets %s is refused: the account check and the loopback STS endpoint would be bypassed",
    (flag) => {
      expect(() => offlineCopy(stack({ [flag]: flag === "endpoints" ? [{ sts: "https://sts.example" }] : "x" }), root)).toThrow(
        `provider block sets ${flag}`,
      );
    },
  );
});

describe("what Terraform sees of the caller's machine in an offline plan", () => {
  test("no AWS setting of the caller's environment or ~/.aws files: profiles could swap the keys or ignore the loopback endpoints", () => {
    const saved = { ...process.env };
    Object.assign(process.env, { AWS_PROFILE: "admin", AWS_ACCESS_KEY_ID: "AKIAREALKEY", AWS_ENDPOINT_URL: "https://example.com" });
    try {
      const env = terraformEnvironment({ AWS_ACCESS_KEY_ID: "AKIA111111111111TEST" });
      expect(
        Object.keys(env)
          .filter((k) => k.startsWith("AWS_"))
          .sort(),
      ).toEqual(["AWS_ACCESS_KEY_ID", "AWS_CONFIG_FILE", "AWS_EC2_METADATA_DISABLED", "AWS_SHARED_CREDENTIALS_FILE"]);
      expect(env).toMatchObject({
        AWS_ACCESS_KEY_ID: "AKIA111111111111TEST",
        AWS_CONFIG_FILE: os.devNull,
        AWS_SHARED_CREDENTIALS_FILE: os.devNull,
      });
    } finally {
      process.env = saved;
    }
  });
});

describe("a folder's init is copied only to stacks whose init would install the same", () => {
  const stack = { terraform: { required_providers: { aws: { version: AWS_PROVIDER_VERSION } } }, provider: { aws: [{}] } };

  test("stacks with the same terraform block and providers share a key, whatever their resources", () => {
    expect(initSourceKey({ ...stack, resource: { aws_vpc: {} } })).toBe(initSourceKey({ ...stack, resource: { aws_s3_bucket: {} } }));
  });

  test("remote state (Terraform's built-in provider) installs nothing: the same key", () => {
    expect(initSourceKey({ ...stack, data: { terraform_remote_state: {} } })).toBe(initSourceKey(stack));
  });

  test("a provider used but not declared is installed by init: another key", () => {
    expect(initSourceKey({ ...stack, resource: { random_id: {} } })).not.toBe(initSourceKey(stack));
  });

  test("a stack with modules runs its own init (init installs them from their sources)", () => {
    expect(initSourceKey({ ...stack, module: { Logs: { source: "./logs" } } })).toBeUndefined();
  });
});
