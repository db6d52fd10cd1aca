import { BACKUP_ROLE_POLICIES, LockedBackups, LockedBackupsProps, MIN_CHANGEABLE_FOR_DAYS } from "../../src/constructs/data/locked-backups";
import { all, ENVIRONMENT, Json, one, synthConstruct } from "../support/constructs";

const BASE: LockedBackupsProps = {
  environment: ENVIRONMENT,
  prefix: "rw-dev",
  roleName: "rw-dev.backup",
  resourceArns: ["arn:aws:rds:eu-central-1:111111111111:cluster:rw-dev-aurora"],
  sourceKeyArns: ["arn:aws:kms:eu-central-1:111111111111:key/data"],
  retentionDays: 35,
  minRetentionDays: 7,
  changeableForDays: 3,
  schedule: "cron(0 3 * * ? *)",
  keyDeletionWindowDays: 30,
};

function backups(props: Partial<LockedBackupsProps> = {}): Json {
  return synthConstruct((scope) => {
    new LockedBackups(scope, "Backups", { ...BASE, ...props });
  });
}

describe("LockedBackups", () => {
  describe("validation: one failing case per rule, each naming the field and value", () => {
    test.each([
      ["minRetentionDays below 1", { minRetentionDays: 0, retentionDays: 35 }, /minRetentionDays = 0: must be 1 or more/],
      ["retention shorter than the lock's minimum", { retentionDays: 5 }, /retentionDays = 5: must be at least minRetentionDays \(7\)/],
      [
        "retention beyond the lock's maximum",
        { retentionDays: 400, maxRetentionDays: 365 },
        /retentionDays = 400: must be at most maxRetentionDays \(365\)/,
      ],
      [
        "a grace time under 3 days",
        { changeableForDays: 2 },
        new RegExp(`changeableForDays = 2: must be ${MIN_CHANGEABLE_FOR_DAYS} or more`),
      ],
      ["nothing to back up", { resourceArns: [] }, /resourceArns: must name at least one resource/],
    ])("refuses %s", (_, props, message) => {
      expect(() => backups(props)).toThrow(message);
    });

    test("collects every problem and throws once", () => {
      expect(() => backups({ retentionDays: 5, changeableForDays: 1, resourceArns: [] })).toThrow(
        /^LockedBackups Backups: retentionDays = 5.*; changeableForDays = 1.*; resourceArns/,
      );
    });
  });

  const json = backups();

  test("compliance mode: the lock has a grace time and the given minimum retention, and exists before the plan", () => {
    const lock = one(json, "aws_backup_vault_lock_configuration");
    expect(lock).toMatchObject({ changeable_for_days: 3, min_retention_days: 7, max_retention_days: 3650 });
    expect(one(json, "aws_backup_plan").depends_on).toEqual([expect.stringMatching(/^aws_backup_vault_lock_configuration\./)]);
  });

  test("a vault of its own, encrypted with its own key (the deletion window given), never force-destroyed", () => {
    expect(one(json, "aws_backup_vault")).toMatchObject({ name: "rw-dev-backup", force_destroy: false });
    expect(one(json, "aws_backup_vault").kms_key_arn).toMatch(/^\$\{aws_kms_key\./);
    expect(one(json, "aws_kms_key").deletion_window_in_days).toBe(30);
    expect(one(backups({ keyDeletionWindowDays: 7 }), "aws_kms_key").deletion_window_in_days).toBe(7);
  });

  test("a daily plan at the given schedule keeping points for the given days; a copy only when asked", () => {
    const rule = one(backups({ schedule: "cron(0 1 * * ? *)", retentionDays: 14 }), "aws_backup_plan").rule[0];
    expect(rule).toMatchObject({ schedule: "cron(0 1 * * ? *)", lifecycle: { delete_after: 14 } });
    expect(rule.copy_action).toBeUndefined();
    const copyTo = { vaultArn: "arn:aws:backup:eu-central-1:444444444444:backup-vault:copies", retentionDays: 90 };
    expect(one(backups({ copyTo }), "aws_backup_plan").rule[0].copy_action).toEqual([
      { destination_vault_arn: copyTo.vaultArn, lifecycle: { delete_after: 90 } },
    ]);
  });

  test("preventDestroy guards the vault, its key, the lock, the plan and the selection", () => {
    const guarded = backups({ preventDestroy: true });
    for (const type of [
      "aws_backup_vault",
      "aws_kms_key",
      "aws_backup_vault_lock_configuration",
      "aws_backup_plan",
      "aws_backup_selection",
    ]) {
      expect([type, one(guarded, type).lifecycle]).toEqual([type, { prevent_destroy: true }]);
    }
    expect(one(json, "aws_backup_vault").lifecycle).toBeUndefined();
  });

  test("the service role: trusted by AWS Backup, the managed backup and restore policies, and the given resources", () => {
    expect(all(json, "aws_iam_role_policy_attachment").map((a) => a.policy_arn.replace("arn:aws:iam::aws:policy/", ""))).toEqual(
      BACKUP_ROLE_POLICIES,
    );
    expect(one(json, "aws_backup_selection").resources).toEqual(BASE.resourceArns);
  });
});
