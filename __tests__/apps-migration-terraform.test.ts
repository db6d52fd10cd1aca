/**
 * The parts of the apps stack Terraform itself can check here, with the real Terraform CLI: the
 * `removed` blocks that forget the old kubernetes_* resources (cdktf has no class for them, so
 * their JSON shape is ours), and the ALB wait (`terraform_data` with a `local-exec`
 * provisioner) the load balancer data source depends on. The whole apps stack cannot be
 * validated offline: the Kubernetes and Helm providers are not installed here; these blocks
 * need neither (`removed` is a Terraform block, `terraform_data` is built in).
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { terraform, terraformUnavailable } from "../src/preview/offline-plan";
import { builtIn } from "./support/environments";
import { synthApp } from "./support/stacks";

const unavailable = terraformUnavailable();
if (unavailable) console.warn(`\n*** SKIPPING the Terraform check of the apps stack's removed blocks: ${unavailable}. ***\n`);
const describeWithTerraform = unavailable ? describe.skip : describe;

const apps = synthApp([builtIn("prod")])["prod-apps"];

/** The stack's removed blocks, ALB wait and ALB data source, alone with the AWS provider. */
function extract(overrides: (json: Record<string, any>) => void = () => undefined): Record<string, any> {
  const wait = { ...apps.resource.terraform_data.LoadBalancerWait };
  delete wait.depends_on; // the helm_release it waits for needs the Helm provider
  delete wait["//"];
  const lb = Object.values<any>(apps.data.aws_lb)[0];
  const json = {
    terraform: { required_providers: { aws: apps.terraform.required_providers.aws } },
    provider: { aws: [{ region: "eu-central-1" }] },
    removed: apps.removed,
    resource: { terraform_data: { LoadBalancerWait: wait } },
    data: { aws_lb: { LoadBalancer: { tags: lb.tags, depends_on: lb.depends_on } } },
  };
  overrides(json);
  return json;
}

async function run(json: Record<string, any>, command: string[]): Promise<{ status: number; output: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rw-removed-"));
  try {
    fs.writeFileSync(path.join(dir, "main.tf.json"), JSON.stringify(json, null, 2));
    const init = await terraform(["init", "-backend=false", "-input=false", "-no-color"], dir);
    if (init.status !== 0) return { status: init.status, output: init.stderr + init.stdout };
    const result = await terraform([...command, "-no-color"], dir);
    return { status: result.status, output: result.stderr + result.stdout };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
const validate = (json: Record<string, any>) => run(json, ["validate"]);

describeWithTerraform("apps stack: removed blocks and the ALB wait, by terraform validate (1.11)", () => {
  test(
    "as synthesized, Terraform accepts them (the plan validates first), and a new environment's plan creates " +
      "the wait, reads the ALB at apply, forgets and destroys nothing",
    async () => {
      const offline = extract((json) => {
        // Fake credentials and no AWS calls at plan time: the data source waits for the wait resource.
        json.provider.aws = [
          {
            region: "eu-central-1",
            access_key: "offline",
            secret_key: "offline",
            skip_credentials_validation: true,
            skip_requesting_account_id: true,
            skip_metadata_api_check: true,
            skip_region_validation: true,
          },
        ];
      });
      const result = await run(offline, ["plan", "-input=false", "-lock=false"]);
      expect(result.output).toMatch(/Plan: 1 to add, 0 to change, 0 to destroy/);
      expect(result.output).toMatch(/data\.aws_lb\.LoadBalancer will be read during apply/);
      expect(result.output).not.toMatch(/will no longer be managed/);
      expect(result.status).toBe(0);
    },
    300_000,
  );

  test("control: Terraform does check the removed blocks (a wrong key fails)", async () => {
    const result = await validate(extract((json) => (json.removed[0] = { ...json.removed[0], destroy: false })));
    expect(result.status).not.toBe(0);
    expect(result.output).toMatch(/destroy/);
  }, 120_000);
});
