import { EncryptionKey, EncryptionKeyProps, envKeyGuard, KEY_GUARDED_ACTIONS } from "../../src/constructs/security/kms-key";
import { decide, Statement } from "../support/iam-policy";
import { ENVIRONMENT, Json, one, statements, synthConstruct } from "../support/constructs";

const ROOT = "arn:aws:iam::111111111111:root";
const BREAK_GLASS = "arn:aws:iam::111111111111:role/break-glass";
const DEPLOY = "arn:aws:iam::111111111111:role/rw-dev-ci-deploy";
const CI_PLAN = "arn:aws:iam::111111111111:role/rw-dev-ci-plan";
const ADMIN = "arn:aws:iam::111111111111:role/admin";

function key(props: Partial<EncryptionKeyProps> = {}): Json {
  return synthConstruct((scope) => {
    new EncryptionKey(scope, "Key", {
      environment: ENVIRONMENT,
      alias: "rw-dev-data",
      description: "test key",
      deletionWindowDays: 30,
      ...props,
    });
  });
}

/**
 * The key policy's decision for a principal of this account, assuming its IAM policy allows the
 * action (the root statement delegates to IAM): statements for `*` and for the account root apply.
 */
function mayDo(json: Json, principalArn: string, action: string, context: Record<string, string> = {}): boolean {
  const applicable = statements(json, "Key_Policy").filter((s: Json) =>
    (s.principals ?? []).some((p: Json) => p.identifiers.includes("*") || p.identifiers.includes(ROOT)),
  ) as Statement[];
  return decide({ action, resource: "*", context: { "aws:PrincipalArn": principalArn, ...context } }, applicable) === "allowed";
}

describe("EncryptionKey", () => {
  test("yearly rotation, the deletion window it is given, an alias, and destroyable unless told otherwise", () => {
    const json = key({ deletionWindowDays: 7 });
    expect(one(json, "aws_kms_key")).toMatchObject({ enable_key_rotation: true, rotation_period_in_days: 365, deletion_window_in_days: 7 });
    expect(one(json, "aws_kms_key").lifecycle).toBeUndefined();
    expect(one(json, "aws_kms_alias").name).toBe("alias/rw-dev-data");
    expect(one(key({ preventDestroy: true }), "aws_kms_key").lifecycle).toEqual({ prevent_destroy: true });
  });

  test("the account root always administers the key, so losing its creator cannot lock the account out", () => {
    const cases: [Json, string][] = [
      [key(), ADMIN],
      [key({ destructionGuard: { ciPrincipalArns: [CI_PLAN] } }), ADMIN],
      [key({ destructionGuard: { breakGlassRoleArn: BREAK_GLASS, keyCreatorArn: DEPLOY } }), BREAK_GLASS],
    ];
    for (const [json, editor] of cases) {
      expect(statements(json, "Key_Policy")[0]).toEqual({
        sid: "AccountRootAdministers",
        principals: [{ type: "AWS", identifiers: [ROOT] }],
        actions: ["kms:*"],
        resources: ["*"],
      });
      expect(mayDo(json, editor, "kms:PutKeyPolicy")).toBe(true);
    }
  });

  test("no statement allows every principal: `*` only ever appears in denies", () => {
    const json = key({ servicePrincipals: ["logs", "sns"], destructionGuard: { ciPrincipalArns: [CI_PLAN] } });
    const open = statements(json, "Key_Policy").filter(
      (s: Json) => (s.effect ?? "Allow") === "Allow" && s.principals.some((p: Json) => p.identifiers.includes("*")),
    );
    expect(open).toEqual([]);
  });

  test("service principals only when asked, each scoped to this account (and region for logs)", () => {
    expect(statements(key(), "Key_Policy").map((s: Json) => s.sid)).toEqual(["AccountRootAdministers"]);
    const bySid = Object.fromEntries(statements(key({ servicePrincipals: ["logs", "sns"] }), "Key_Policy").map((s: Json) => [s.sid, s]));
    expect(bySid.CloudWatchLogsEncryptsThisAccountsLogGroups.principals).toEqual([
      { type: "Service", identifiers: ["logs.eu-central-1.amazonaws.com"] },
    ]);
    expect(bySid.CloudWatchLogsEncryptsThisAccountsLogGroups.condition).toEqual([
      {
        test: "ArnLike",
        variable: "kms:EncryptionContext:aws:logs:arn",
        values: ["arn:aws:logs:eu-central-1:111111111111:log-group:*"],
      },
    ]);
    expect(bySid.SnsDeliversEncryptedMessages.condition).toEqual([
      { test: "StringEquals", variable: "aws:SourceAccount", values: ["111111111111"] },
    ]);
    expect(bySid.SnsDeliversEncryptedMessages.actions).toEqual(["kms:Decrypt", "kms:GenerateDataKey*"]);
  });

  test("without a guard, an administrator may schedule deletion (non-guarded keys are ordinary keys)", () => {
    expect(mayDo(key(), ADMIN, "kms:ScheduleKeyDeletion")).toBe(true);
  });

  describe("destruction guard with a break-glass role (production)", () => {
    const json = key({ destructionGuard: { breakGlassRoleArn: BREAK_GLASS, ciPrincipalArns: [CI_PLAN], keyCreatorArn: DEPLOY } });

    test.each(KEY_GUARDED_ACTIONS)("only the break-glass role may %s, the account root and the deploy role not", (action) => {
      expect(mayDo(json, BREAK_GLASS, action)).toBe(true);
      expect(mayDo(json, ROOT, action)).toBe(false);
      expect(mayDo(json, DEPLOY, action)).toBe(false);
      expect(mayDo(json, ADMIN, action)).toBe(false);
    });

    test("key policy edits: the break-glass role and the key's creator (KMS requires it at CreateKey); nobody else", () => {
      expect(mayDo(json, BREAK_GLASS, "kms:PutKeyPolicy")).toBe(true);
      expect(mayDo(json, DEPLOY, "kms:PutKeyPolicy")).toBe(true);
      expect(mayDo(json, ADMIN, "kms:PutKeyPolicy")).toBe(false);
      expect(mayDo(json, CI_PLAN, "kms:PutKeyPolicy")).toBe(false);
    });

    test("bypassing the lockout check: the break-glass role only, not even the key's creator", () => {
      const bypass = { "kms:BypassPolicyLockoutSafetyCheck": "true" };
      expect(mayDo(json, BREAK_GLASS, "kms:PutKeyPolicy", bypass)).toBe(true);
      expect(mayDo(json, DEPLOY, "kms:PutKeyPolicy", bypass)).toBe(false);
    });

    test("using the key is untouched by the guard", () => {
      expect(mayDo(json, ADMIN, "kms:Decrypt")).toBe(true);
    });
  });

  describe("destruction guard without a break-glass role (non-production)", () => {
    const json = key({ destructionGuard: { ciPrincipalArns: ["arn:aws:iam::111111111111:role/rw-dev-ci-*"] } });

    test.each(KEY_GUARDED_ACTIONS)("nobody may %s, the account root included (an admin edits the policy first)", (action) => {
      expect(mayDo(json, ROOT, action)).toBe(false);
      expect(mayDo(json, ADMIN, action)).toBe(false);
    });

    test("CI and stack roles never edit the key policy; the root and an admin role still can, so nobody is locked out", () => {
      expect(mayDo(json, CI_PLAN, "kms:PutKeyPolicy")).toBe(false);
      expect(mayDo(json, DEPLOY, "kms:PutKeyPolicy")).toBe(false);
      expect(mayDo(json, ADMIN, "kms:PutKeyPolicy")).toBe(true);
      expect(mayDo(json, ROOT, "kms:PutKeyPolicy")).toBe(true);
      expect(mayDo(json, ADMIN, "kms:PutKeyPolicy", { "kms:BypassPolicyLockoutSafetyCheck": "true" })).toBe(false);
    });

    test("without CI roles to name, there is no policy-edit deny at all", () => {
      const sids = statements(key({ destructionGuard: {} }), "Key_Policy").map((s: Json) => s.sid);
      expect(sids).not.toContain("OnlyBreakGlassChangesTheKeyPolicy");
      expect(sids).toContain("OnlyBreakGlassDestroysOrDisablesTheKey");
    });
  });

  test("envKeyGuard: the deploy role creates the key; the other CI and stack roles are denied edits", () => {
    const guard = envKeyGuard("aws", "111111111111", "road-warrior-dev");
    expect(guard.keyCreatorArn).toMatch(/^arn:aws:iam::111111111111:role\/road-warrior-dev/);
    expect(guard.ciPrincipalArns.length).toBeGreaterThan(0);
    expect(guard.ciPrincipalArns).not.toContain(guard.keyCreatorArn);
  });
  test("teardown roles may schedule deletion, never disable the key; a CI role among them is still refused", () => {
    const json = key({
      destructionGuard: { teardownRoleArns: [ADMIN, DEPLOY], ciPrincipalArns: [CI_PLAN], keyCreatorArn: DEPLOY },
    });
    expect(mayDo(json, ADMIN, "kms:ScheduleKeyDeletion")).toBe(true);
    expect(mayDo(json, ADMIN, "kms:DisableKey")).toBe(false);
    expect(mayDo(json, DEPLOY, "kms:ScheduleKeyDeletion")).toBe(false);
    expect(mayDo(json, CI_PLAN, "kms:ScheduleKeyDeletion")).toBe(false);
    expect(mayDo(json, ROOT, "kms:ScheduleKeyDeletion")).toBe(false);
  });

  test("teardown roles without the CI roles to exclude are refused: no CI role may ever schedule deletion", () => {
    expect(() => key({ destructionGuard: { teardownRoleArns: [ADMIN] } })).toThrow(/teardownRoleArns needs ciPrincipalArns/);
  });
});
