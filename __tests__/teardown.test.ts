/**
 * A non-production environment can be torn down and deployed again, by an administrator: its key
 * policies let `cluster.adminRoleArns` schedule the keys' deletion (never a CI role, in any
 * environment), its service secrets are deleted at once (recovery window 0, so their names are
 * free for the next deploy), nothing in its stacks carries `prevent_destroy`, and no compliance-mode
 * backup lock exists unless its file asks for backups. Production keeps every one of these guards.
 * Read from the synthesized stacks; key policies judged with the IAM evaluator.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse, stringify } from "yaml";
import { nonProductionStacks } from "../scripts/plan-review";
import { validateEnvironments } from "../src/config/load";
import { EnvironmentConfig, secretRecoveryDaysOf } from "../src/config/schema";
import { ResourceChange, reviewPlans, TerraformPlan } from "../src/review/plan-review";
import { synthesizedEnvironmentType } from "../src/review/synthesized-environment";
import { builtIn, builtInRaw } from "./support/environments";
import { applies, decide, resolveTokens, Statement } from "./support/iam-policy";
import { resourcesOf, synthApp } from "./support/stacks";

type Json = Record<string, any>;
const configOf = (raw: Record<string, any>): EnvironmentConfig =>
  validateEnvironments([{ file: `${raw.name}.yaml`, text: stringify(raw) }])[0].config;

/** dev with backups asked for in its file (AWS Backup into a compliance-mode locked vault). */
function devWithBackups(): EnvironmentConfig {
  const raw = builtInRaw("dev");
  return configOf({ ...raw, name: "devbk", network: { ...raw.network, vpcCidr: "10.40.0.0/16" }, backup: { enabled: true } });
}
const stacks = synthApp([builtIn("dev"), builtIn("prod"), devWithBackups()]);
const STAGES = ["network", "data", "cluster", "apps"];
const partitionToken = { "\\$\\{data\\.aws_partition\\.partition\\.partition\\}": "aws" };

/** The key policy statements of every KMS key of an environment's stacks (network, data with its backup vault, cluster). */
function keyPolicies(env: string): Statement[][] {
  return ["network", "data", "cluster"].flatMap((stage) => {
    const json = stacks[`${env}-${stage}`];
    return Object.values<Json>(resourcesOf(json, "aws_kms_key")).map((key) => {
      const name = /data\.aws_iam_policy_document\.([^.]+)\.json/.exec(key.policy)![1];
      return resolveTokens(json.data.aws_iam_policy_document[name].statement as Statement[], partitionToken);
    });
  });
}

/** An administrator's identity policy (AdministratorAccess): only an explicit deny of the key policy stops it. */
const ADMINISTRATOR_ACCESS: Statement[] = [{ effect: "Allow", actions: ["*"], resources: ["*"] }];

/** What a principal with AdministratorAccess may do to a key with this policy (its explicit denies, then its IAM policy). */
function decision(policy: Statement[], action: string, principal: string): string {
  const request = { action, resource: "*", context: { "aws:PrincipalArn": principal } };
  if (policy.some((s) => s.effect === "Deny" && applies(s, request))) return "explicit deny";
  return decide(request, ADMINISTRATOR_ACCESS);
}

describe("keys: a non-production environment's administrators may schedule their deletion, no CI role ever may", () => {
  const role = (account: string, name: string) => `arn:aws:iam::${account}:role/${name}`;
  const ciRoles = (account: string, env: string) => [
    role(account, `road-warrior-${env}-ci-deploy`),
    role(account, `road-warrior-${env}-ci-plan`),
    role(account, `road-warrior-${env}-ci-imagepush`),
    role(account, `road-warrior-${env}.karpenter`),
  ];

  test("dev (non-production): every admin role that is not a CI role may schedule deletion; none may disable the key", () => {
    const policies = keyPolicies("dev");
    expect(policies.length).toBeGreaterThanOrEqual(3);
    const admins = builtIn("dev").cluster.adminRoleArns;
    // The deploy role is among dev's administrators (it creates the cluster): listed or not, CI never deletes a key.
    expect(admins).toContain(role("111111111111", "road-warrior-dev-ci-deploy"));
    for (const policy of policies) {
      expect(decision(policy, "kms:ScheduleKeyDeletion", role("111111111111", "road-warrior-dev-admin"))).toBe("allowed");
      expect(decision(policy, "kms:DisableKey", role("111111111111", "road-warrior-dev-admin"))).toBe("explicit deny");
      for (const ci of ciRoles("111111111111", "dev"))
        expect([ci, decision(policy, "kms:ScheduleKeyDeletion", ci)]).toEqual([ci, "explicit deny"]);
      // Anyone else (the account root, another role of the account) is still refused.
      for (const other of [`arn:aws:iam::111111111111:root`, role("111111111111", "someone-else")]) {
        expect(decision(policy, "kms:ScheduleKeyDeletion", other)).toBe("explicit deny");
      }
    }
  });

  test("prod (production): only the break-glass role schedules deletion; administrators and CI roles are refused", () => {
    const prod = builtIn("prod");
    for (const policy of keyPolicies("prod")) {
      for (const admin of prod.cluster.adminRoleArns) expect(decision(policy, "kms:ScheduleKeyDeletion", admin)).toBe("explicit deny");
      for (const ci of ciRoles("222222222222", "prod")) expect(decision(policy, "kms:ScheduleKeyDeletion", ci)).toBe("explicit deny");
      expect(decision(policy, "kms:ScheduleKeyDeletion", prod.kms.breakGlassRoleArn!)).toBe("allowed");
    }
  });

  test("a non-production file that names its CI role only among the administrators still gives it no deletion", () => {
    // devbk lists the same roles as dev; its backup vault key is guarded the same way.
    const vaultKeys = keyPolicies("devbk");
    expect(vaultKeys.length).toBe(keyPolicies("dev").length + 1);
    for (const policy of vaultKeys) {
      expect(decision(policy, "kms:ScheduleKeyDeletion", role("111111111111", "road-warrior-devbk-ci-deploy"))).toBe("explicit deny");
    }
  });
});

describe("service secrets: deleted at once in non-production (the default there), restorable for 30 days in production", () => {
  const windows = (env: string) =>
    Object.values<Json>(resourcesOf(stacks[`${env}-data`], "aws_secretsmanager_secret"))
      .filter((s) => /service|secret/i.test(JSON.stringify(s["//"] ?? s.name)))
      .map((s) => s.recovery_window_in_days);

  test("dev's secrets have a recovery window of 0, prod's of 30", () => {
    expect(windows("dev").length).toBeGreaterThan(0);
    expect(new Set(windows("dev"))).toEqual(new Set([0]));
    expect(new Set(windows("prod"))).toEqual(new Set([30]));
  });

  test("left out of the file, the window is 0 in non-production and 30 in production", () => {
    const dev = builtInRaw("dev");
    delete dev.storage.secretRecoveryDays;
    const prod = builtInRaw("prod");
    delete prod.storage.secretRecoveryDays;
    expect(secretRecoveryDaysOf(configOf(dev))).toBe(0);
    expect(secretRecoveryDaysOf(configOf(prod))).toBe(30);
  });

  test("the plan review does not flag a window lowered to 0 in a non-production stack, and still does in production", () => {
    const change: ResourceChange = {
      address: "aws_secretsmanager_secret.Secret-trips-api",
      mode: "managed",
      type: "aws_secretsmanager_secret",
      change: { actions: ["update"], before: { recovery_window_in_days: 30 }, after: { recovery_window_in_days: 0 }, after_unknown: {} },
    };
    const plan: TerraformPlan = {
      format_version: "1.2",
      terraform_version: "1.11.4",
      errored: false,
      complete: true,
      applyable: true,
      resource_changes: [change],
    };
    // Each stack's environment type as its synthesized stack declares it: the default-deny of production stacks refuses the window too.
    const environmentTypes = Object.fromEntries(Object.entries(stacks).map(([name, json]) => [name, synthesizedEnvironmentType(json)]));
    expect(environmentTypes["dev-data"]).toBe("non-production");
    expect(environmentTypes["prod-data"]).toBe("production");
    const review = (stack: string) =>
      reviewPlans([{ stack, plan }], {
        allow: [],
        nonProductionStacks: nonProductionStacks("environments", console),
        environmentTypes,
      }).blocked.map((f) => f.rule);
    expect(review("dev-data")).toEqual([]);
    expect(review("prod-data")).toEqual(["PR-SM-1", "PR-PROD-1"]);
    // Without the environment files, every stack is production.
    expect(reviewPlans([{ stack: "dev-data", plan }], { allow: [] }).blocked.map((f) => f.rule)).toEqual(["PR-SM-1", "PR-PROD-1"]);
  });

  test("the review reads which stacks are non-production from the environment files; unreadable files leave all production", () => {
    expect(nonProductionStacks("environments", console)).toEqual(["dev-network", "dev-data", "dev-cluster", "dev-apps"]);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rw-teardown-envs-"));
    try {
      const raw = builtInRaw("dev");
      fs.writeFileSync(path.join(dir, "dev.yaml"), stringify({ ...raw, environmentType: undefined }));
      const errors: string[] = [];
      const io = { log: () => undefined, error: (...parts: unknown[]) => errors.push(parts.join(" ")) };
      expect(nonProductionStacks(dir, io)).toEqual([]);
      expect(errors).toEqual([expect.stringMatching(/cannot be read, so every stack is reviewed as production/)]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    expect(parse(fs.readFileSync("environments/dev.yaml", "utf8")).environmentType).toBe("non-production");
  });
});

describe("non-production stacks carry no prevent_destroy and no compliance-mode backup lock unless the file asks", () => {
  const everyResource = (env: string): [string, Json][] =>
    STAGES.flatMap((stage) =>
      Object.entries<Json>(stacks[`${env}-${stage}`].resource ?? {}).flatMap(([type, byName]) =>
        Object.entries<Json>(byName).map(([name, r]) => [`${env}-${stage} ${type}.${name}`, r] as [string, Json]),
      ),
    );
  const preventDestroy = (env: string) => everyResource(env).filter(([, r]) => r.lifecycle?.prevent_destroy === true);
  const locks = (env: string) => everyResource(env).filter(([address]) => / aws_backup_vault_lock_configuration\./.test(address));

  test.each(["dev", "devbk"])("%s: no resource has prevent_destroy (a teardown is a plain destroy)", (env) => {
    expect(preventDestroy(env).map(([address]) => address)).toEqual([]);
  });

  test("dev (no backups in its file): no vault lock; devbk (backup.enabled: true): the lock it asked for, in compliance mode", () => {
    expect(locks("dev")).toEqual([]);
    const asked = locks("devbk");
    expect(asked).toHaveLength(1);
    expect(asked[0][1].changeable_for_days).toBe(3);
  });

  test("not vacuous: production protects its data with prevent_destroy and its backups with a compliance-mode lock", () => {
    expect(preventDestroy("prod").length).toBeGreaterThan(5);
    expect(locks("prod")).toHaveLength(1);
  });
});
