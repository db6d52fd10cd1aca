import * as fs from "fs";
import * as path from "path";
import { AWS_PROVIDER_VERSION, TERRAFORM_REQUIRED_VERSION } from "../src/config/versions";
import { PROVIDER_MIRROR } from "../src/preview/offline-plan";
import { builtIn } from "./support/environments";
import { synthApp } from "./support/stacks";

const ROOT = path.join(__dirname, "..");
const BINDING = path.join(ROOT, "node_modules", "@cdktf", "provider-aws");

describe("the AWS provider version is written once and agrees with the binding and the mirror", () => {
  test("it is the version @cdktf/provider-aws was generated from (package.json and the provider class)", () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(BINDING, "package.json"), "utf8"));
    expect(pkg.cdktf.provider).toEqual({ name: "registry.terraform.io/hashicorp/aws", version: AWS_PROVIDER_VERSION });
    const providerClass = fs.readFileSync(path.join(BINDING, "lib", "provider", "index.js"), "utf8");
    expect(providerClass.match(/providerVersion: '([^']+)'/)?.[1]).toBe(AWS_PROVIDER_VERSION);
  });

  const aws = path.join(PROVIDER_MIRROR, "registry.terraform.io", "hashicorp", "aws");
  (fs.existsSync(aws) ? test : test.skip)(`the filesystem mirror (${aws}) holds it`, () => {
    expect(fs.readdirSync(aws)).toContain(AWS_PROVIDER_VERSION);
  });
});

describe("every stack declares the Terraform versions it accepts", () => {
  test("the constraint admits 1.11 (the S3 lock file generally available, what CI runs) and later 1.x, not 2.0", () => {
    expect(TERRAFORM_REQUIRED_VERSION).toBe(">= 1.11.0, < 2.0.0");
  });

  // Every backend type, and both accounts' bootstrap stacks: required_version is set where the backend is.
  test.each([
    ["s3", undefined],
    ["local", { type: "local" as const }],
    ["cloud", { type: "cloud" as const, organization: "road-warrior", hostname: "app.terraform.io" }],
  ])("%s backend: every synthesized stack has terraform.required_version", (_type, backend) => {
    const dev = backend ? { ...builtIn("dev"), backend } : builtIn("dev");
    const synthesized = synthApp([dev, builtIn("prod")]);
    const names = Object.keys(synthesized).sort();
    expect(names).toEqual(expect.arrayContaining(["dev-network", "dev-data", "dev-cluster", "dev-apps", "prod-apps"]));
    expect(names.filter((name) => name.startsWith("bootstrap-")).length).toBeGreaterThan(0);
    expect(names.filter((name) => synthesized[name].terraform?.required_version !== TERRAFORM_REQUIRED_VERSION)).toEqual([]);
  });
});
