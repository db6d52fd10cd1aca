/**
 * Moving the controller's CRDs from the kubectl step to their own Helm release leaves every CRD
 * in place, checked with the real Terraform CLI: a state made by applying the step as earlier
 * versions of the apps stack synthesized it (with stand-ins for `aws` and `kubectl` that log
 * every call), then the plan and apply of today's stack, whose `removed` block forgets it. Only
 * `terraform_data` and `removed` take part (built into Terraform): the Helm provider is not
 * installed here, so the CRD release's adoption (`take_ownership`) is checked on the synthesized
 * JSON and the rendered chart instead (load-balancer-controller-chart.test.ts).
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { terraform, terraformUnavailable } from "../src/preview/offline-plan";
import { parsePlan, reviewPlans } from "../src/review/plan-review";
import { builtIn } from "./support/environments";
import { synthApp } from "./support/stacks";

type Json = Record<string, any>;
const unavailable = terraformUnavailable();
if (unavailable) console.warn(`\n*** SKIPPING the Terraform check of the CRD step's removal: ${unavailable}. ***\n`);
const describeWithTerraform = unavailable ? describe.skip : describe;

/** The address the step had (its construct path `LoadBalancerController/Crds` in every apps stack). */
const STEP = "LoadBalancerController_Crds_0D737B46";

/** The step as the apps stack synthesized it before the CRD release (cluster name resolved, stand-in tools first on the PATH). */
function formerStep(tools: string): Json {
  const command = [
    "set -euo pipefail",
    'for tool in aws kubectl; do command -v "$tool" >/dev/null ||' +
      ' { echo "the controller CRD step needs $tool on the PATH of terraform apply (docs/helm.md)" >&2; exit 1; }; done',
    'kubeconfig="$(mktemp)"',
    "trap 'rm -f \"$kubeconfig\"' EXIT",
    'aws eks update-kubeconfig --name "$CLUSTER" --region "$REGION" --kubeconfig "$kubeconfig" >/dev/null',
    'kubectl --kubeconfig "$kubeconfig" apply --server-side --force-conflicts --field-manager=road-warrior-crds -f "$CRDS"',
  ].join("\n");
  return {
    provisioner: [
      {
        "local-exec": {
          command,
          interpreter: ["/bin/bash", "-c"],
          environment: { CLUSTER: "road-warrior-prod", REGION: "eu-central-1", CRDS: "crds.yaml", PATH: `${tools}:/usr/bin:/bin` },
        },
      },
    ],
    triggers_replace: { chartVersion: "3.5.0", crds: "522E03E5AB2ADB53904FEA9F43D0FA0E" },
  };
}

const apps = synthApp([builtIn("prod")])["prod-apps"];

async function tf(dir: string, args: string[]): Promise<string> {
  const result = await terraform([...args, "-no-color"], dir);
  if (result.status !== 0) throw new Error(`terraform ${args.join(" ")}:\n${result.stderr}${result.stdout}`);
  return result.stdout;
}

describeWithTerraform("the kubectl CRD step leaves the state, and no CRD leaves the cluster (Terraform 1.11)", () => {
  let dir = "";
  let log = "";
  const write = (json: Json) => fs.writeFileSync(path.join(dir, "main.tf.json"), JSON.stringify(json, null, 2));
  const calls = () => (fs.existsSync(log) ? fs.readFileSync(log, "utf8").trim().split("\n") : []);

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "rw-crd-step-"));
    const tools = path.join(dir, "tools");
    fs.mkdirSync(tools);
    log = path.join(dir, "calls.log");
    for (const tool of ["aws", "kubectl"])
      fs.writeFileSync(path.join(tools, tool), `#!/bin/sh\necho "${tool} $*" >> "${log}"\n`, { mode: 0o755 });
    write({ resource: { terraform_data: { [STEP]: formerStep(tools) } } });
    await tf(dir, ["init", "-input=false", "-backend=false"]);
    await tf(dir, ["apply", "-input=false", "-auto-approve", "-lock=false"]);
    // The stand-ins did run: what the cluster saw when the step was created.
    expect(calls()).toEqual([
      expect.stringMatching(/^aws eks update-kubeconfig --name road-warrior-prod /),
      expect.stringMatching(/^kubectl --kubeconfig \S+ apply --server-side .* -f crds\.yaml$/),
    ]);
    fs.rmSync(log);
  }, 180_000);
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test("today's removed block: the plan forgets the step (nothing destroyed) and its apply calls neither aws nor kubectl", async () => {
    const removed = (apps.removed as Json[]).filter((r) => r.from === `terraform_data.${STEP}`);
    expect(removed).toEqual([{ from: `terraform_data.${STEP}`, lifecycle: { destroy: false } }]);
    write({ removed });
    const text = await tf(dir, ["plan", "-input=false", "-lock=false", "-out=plan.tfplan"]);
    expect(text).toMatch(/will no longer be managed by Terraform/);
    expect(text).toMatch(/0 to destroy/);
    const plan = JSON.parse(await tf(dir, ["show", "-json", "plan.tfplan"]));
    expect(plan.resource_changes.map((c: Json) => [c.address, c.change.actions])).toEqual([[`terraform_data.${STEP}`, ["forget"]]]);
    // The pull request's plan review lets it through: the step held no data.
    expect(reviewPlans([{ stack: "prod-apps", plan: parsePlan(JSON.stringify(plan)) }], { allow: [] }).blocked).toEqual([]);
    await tf(dir, ["apply", "-input=false", "-lock=false", "plan.tfplan"]);
    expect(calls()).toEqual([]);
    expect(JSON.parse(fs.readFileSync(path.join(dir, "terraform.tfstate"), "utf8")).resources).toEqual([]);
  }, 180_000);

  test("even a plain deletion would touch nothing in the cluster: the step never had a destroy-time command", async () => {
    write({});
    const plan = await tf(dir, ["plan", "-input=false", "-lock=false", "-out=plan.tfplan"]);
    expect(plan).toMatch(/1 to destroy/);
    await tf(dir, ["apply", "-input=false", "-lock=false", "plan.tfplan"]);
    expect(calls()).toEqual([]);
  }, 180_000);
});
