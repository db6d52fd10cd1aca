import { CostLine, fixed, Meter, UsageLine, unitUsd } from "../model";
import { plural } from "../resources";

/** KMS bills the first two rotations of a key's material (each adds a monthly key charge), never the later ones. */
const MAX_BILLED_ROTATIONS = 2;

/** Customer managed KMS keys and Secrets Manager secrets (including the one RDS manages for the master user). */
export const keysAndSecretsMeter: Meter = {
  types: ["aws_kms_key", "aws_secretsmanager_secret"],
  measure: ({ stacks, prices }) => {
    const lines: CostLine[] = [];
    const usage: UsageLine[] = [];
    for (const stack of stacks) {
      const keys = stack.resources("aws_kms_key");
      if (keys.length > 0) {
        // A rotated key is billed for its first two rotations too, for good: priced at that steady state.
        const rotated = keys.filter((k) => k.config.enable_key_rotation === true || k.config.enable_key_rotation === "true").length;
        const perRotated = prices.kms.keyMonth + MAX_BILLED_ROTATIONS * prices.kms.rotationMonth;
        lines.push({
          stack: stack.name,
          item: "KMS keys",
          detail:
            rotated === 0
              ? `${plural(keys.length, "customer managed key")} × ${unitUsd(prices.kms.keyMonth)}/month`
              : `${plural(keys.length, "customer managed key")}, ${rotated} rotated yearly: ` +
                `${unitUsd(prices.kms.keyMonth)}/month + ${unitUsd(prices.kms.rotationMonth)}/month for each of the first ` +
                `${MAX_BILLED_ROTATIONS} rotations = ${unitUsd(perRotated)}/month from the second rotation on (year three)` +
                (rotated < keys.length ? `; ${keys.length - rotated} not rotated × ${unitUsd(prices.kms.keyMonth)}/month` : ""),
          monthly: fixed(rotated * perRotated + (keys.length - rotated) * prices.kms.keyMonth),
          addresses: keys.map((k) => k.address),
        });
        usage.push({ stack: stack.name, item: "KMS requests", price: prices.kms.per10kRequests, unit: "10,000 requests" });
      }
      const secrets = stack.resources("aws_secretsmanager_secret");
      const managed = stack
        .resources("aws_rds_cluster")
        .filter((c) => c.config.manage_master_user_password === true || c.config.manage_master_user_password === "true");
      const count = secrets.length + managed.length;
      if (count > 0) {
        lines.push({
          stack: stack.name,
          item: "Secrets Manager secrets",
          detail:
            `${plural(count, "secret")}${managed.length > 0 ? ` (${managed.length} managed by RDS for the master user)` : ""} ` +
            `× ${unitUsd(prices.secretsManager.secretMonth)}/month`,
          monthly: fixed(count * prices.secretsManager.secretMonth),
          addresses: [...secrets.map((s) => s.address), ...managed.map((c) => c.address)],
        });
        usage.push({
          stack: stack.name,
          item: "Secrets Manager API calls",
          price: prices.secretsManager.per10kApiCalls,
          unit: "10,000 calls",
        });
      }
    }
    return { lines, usage };
  },
};
