import { ASSUMPTIONS } from "../assumptions";
import { CostLine, fixed, Meter, UsageLine, unitUsd, usd } from "../model";
import { asList } from "../../synthesized/json";
import { monthlyOf, plural, resourcesOf } from "../resources";

/** The two ends of a database that pauses, as the cost headline names them. */
const DATABASE_ENDS = { low: "database paused", high: "database never pausing" } as const;

/**
 * Aurora PostgreSQL Serverless v2: each instance (writer and readers) bills its own capacity, from
 * the cluster's minimum ACU up; a minimum of 0 lets an idle instance pause, so its compute is a
 * range. Storage starts at a baseline; growth, I/O and capacity above the minimum are usage.
 */
export const databaseMeter: Meter = {
  types: ["aws_rds_cluster", "aws_rds_cluster_instance"],
  measure: ({ stacks, prices }) => {
    const lines: CostLine[] = [];
    const usage: UsageLine[] = [];
    const problems: string[] = [];
    const aurora = prices.auroraPostgres;
    for (const cluster of resourcesOf(stacks, "aws_rds_cluster")) {
      const instances = resourcesOf(stacks, "aws_rds_cluster_instance").filter(
        (i) => i.stack === cluster.stack && i.config.cluster_identifier === `\${${cluster.address}.id}`,
      );
      const notServerless = instances.filter((i) => i.config.instance_class !== "db.serverless");
      if (cluster.config.engine !== "aurora-postgresql" || notServerless.length > 0) {
        problems.push(
          (
            `${cluster.stack}: ${cluster.address}: only Aurora PostgreSQL Serverless v2 (db.serverless) is priced; ` +
            `found ${cluster.config.engine} ${notServerless.map((i) => i.config.instance_class).join(", ")}`
          ).trim(),
        );
        continue;
      }
      const scaling = asList(cluster.config.serverlessv2_scaling_configuration)[0] ?? {};
      const minAcu = Number(scaling.min_capacity);
      const maxAcu = Number(scaling.max_capacity);
      const pauses = minAcu === 0;
      const activeAcu = Math.max(minAcu, ASSUMPTIONS.auroraSmallestActiveAcu);
      const n = instances.length;
      const high = monthlyOf(aurora.serverlessV2AcuHour * activeAcu, n);
      const roles = `${plural(n, "instance")} (writer${n > 1 ? ` + ${plural(n - 1, "reader")}` : ""})`;
      lines.push({
        stack: cluster.stack,
        item: "Aurora Serverless v2 compute",
        detail: pauses
          ? `${roles}, minimum 0 ACU: paused after ${scaling.seconds_until_auto_pause ?? 300} s idle; ` +
            `when active ${activeAcu} ACU × ${unitUsd(aurora.serverlessV2AcuHour)}/ACU-h each`
          : `${roles} × ${minAcu} ACU minimum × ${unitUsd(aurora.serverlessV2AcuHour)}/ACU-h`,
        monthly: { low: pauses ? 0 : high, high },
        ends: pauses ? DATABASE_ENDS : undefined,
        note: pauses
          ? `${usd(0)} paused all month; ${usd(high)} if it never pauses (each active hour costs ${usd(high / 730, 3)})`
          : undefined,
        addresses: [cluster.address, ...instances.map((i) => i.address)],
      });
      lines.push({
        stack: cluster.stack,
        item: "Aurora storage baseline",
        detail:
          `${ASSUMPTIONS.auroraBaselineGb} GB × ${unitUsd(aurora.storageGbMonth)}/GB-month ` +
          `(backups up to the cluster's size are free; ${cluster.config.backup_retention_period ?? 1}-day retention)`,
        monthly: fixed(ASSUMPTIONS.auroraBaselineGb * aurora.storageGbMonth),
        addresses: [cluster.address],
      });
      const advanced = cluster.config.database_insights_mode === "advanced";
      lines.push({
        stack: cluster.stack,
        item: `Database Insights (${advanced ? "Advanced" : "Standard"})`,
        detail: advanced
          ? `${activeAcu} ACU × ${plural(n, "instance")} × ${unitUsd(aurora.databaseInsightsAdvancedAcuHour)}/ACU-h at minimum capacity`
          : "Standard mode with 7 days of Performance Insights: no charge",
        monthly: advanced
          ? {
              low: pauses ? 0 : monthlyOf(aurora.databaseInsightsAdvancedAcuHour * activeAcu, n),
              high: monthlyOf(aurora.databaseInsightsAdvancedAcuHour * activeAcu, n),
            }
          : fixed(0),
        ends: advanced && pauses ? DATABASE_ENDS : undefined,
        addresses: [cluster.address],
      });
      usage.push(
        {
          stack: cluster.stack,
          item: "Aurora capacity above the minimum",
          price: aurora.serverlessV2AcuHour,
          unit: "ACU-hour",
          detail: `up to ${maxAcu} ACU per instance`,
        },
        { stack: cluster.stack, item: "Aurora I/O", price: aurora.ioPerMillion, unit: "million requests" },
        { stack: cluster.stack, item: "Aurora storage growth", price: aurora.storageGbMonth, unit: "GB-month" },
        { stack: cluster.stack, item: "Aurora backups beyond the cluster's size", price: aurora.backupGbMonth, unit: "GB-month" },
      );
    }
    return { lines, usage, problems };
  },
};
