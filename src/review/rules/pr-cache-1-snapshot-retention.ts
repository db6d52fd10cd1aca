import type { UpdateRule } from "./types";
import { show, lowered } from "./values";

/** ElastiCache snapshot retention lowered. */
export const rule: UpdateRule = {
  id: "PR-CACHE-1",
  title: "ElastiCache snapshot retention lowered",
  types: ["aws_elasticache_replication_group", "aws_elasticache_cluster"],
  reason: "snapshots older than the new limit are deleted; 0 turns snapshots off",
  check: lowered(["snapshot_retention_limit"], (a) =>
    a === 0 ? "automatic snapshots are turned off" : `snapshots older than ${show(a)} day(s) are deleted`,
  ),
};
