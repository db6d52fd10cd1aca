import { CostLine, fixed, Meter, UsageLine, unitUsd } from "../model";
import { plural } from "../resources";

/** Customer managed KMS keys and Secrets Manager secrets (including the one RDS manages for the master user). */
export const keysAndSecretsMeter: Meter = {
  types: ["aws_kms_key", "aws_secretsmanager_secret"],
  measure: ({ stacks, prices }) => {
    const lines: CostLine[] = [];
    const usage: UsageLine[] = [];
    for (const stack of stacks) {
      const keys = stack.resources("aws_kms_key");
      if (keys.length > 0) {
        lines.push({
          stack: stack.name,
          item: "KMS keys",
          detail: `${plural(keys.length, "customer managed key")} × ${unitUsd(prices.kms.keyMonth)}/month`,
          monthly: fixed(keys.length * prices.kms.keyMonth),
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
