import type { Json, RuleFinding, UpdateRule } from "./types";
import { UNKNOWN, at, afterAt, show, list, isObj } from "./values";
import type { Value } from "./values";

interface EcrRule {
  readonly priority: number;
  /** The full selection but countNumber: rules with the same key select the same images. */
  readonly key: string;
  readonly tagStatus: string;
  readonly countType: string;
  readonly countNumber: number;
  readonly countUnit?: string;
  readonly expire: boolean;
}

const sortedList = (v: Json): string[] => (Array.isArray(v) ? v.map(String).sort() : []);

function ecrRules(policy: Value): EcrRule[] | undefined {
  if (typeof policy !== "string") return [];
  try {
    const doc = JSON.parse(policy);
    return list(doc?.rules).map((r: Json) => {
      const s = isObj(r?.selection) ? r.selection : {};
      return {
        priority: r?.rulePriority,
        key: JSON.stringify([s.tagStatus, sortedList(s.tagPrefixList), sortedList(s.tagPatternList), s.countType, s.countUnit]),
        tagStatus: s.tagStatus,
        countType: s.countType,
        countNumber: s.countNumber,
        countUnit: s.countUnit,
        expire: (r?.action?.type ?? "expire") === "expire",
      };
    });
  } catch {
    return undefined;
  }
}

function ecrKeepsFewer(before: Json, after: Json, afterUnknown: Json): RuleFinding[] {
  const afterPolicy = afterAt(after, afterUnknown, ["policy"]);
  if (afterPolicy === UNKNOWN)
    return [
      { attribute: "policy", before: "(set)", after: show(UNKNOWN), lost: "the review cannot show how many images the new policy keeps" },
    ];
  const b = ecrRules(at(before, ["policy"])) ?? [];
  const a = ecrRules(afterPolicy);
  if (a === undefined)
    return [
      { attribute: "policy", before: "(set)", after: "(not JSON)", lost: "the review cannot show how many images the new policy keeps" },
    ];
  const findings: RuleFinding[] = [];
  const describe = (r: EcrRule) => {
    const [, prefixes, patterns] = JSON.parse(r.key) as [unknown, string[], string[]];
    const tags =
      `${prefixes.length > 0 ? ` with tag prefix ${prefixes.join("|")}` : ""}` +
      `${patterns.length > 0 ? ` matching ${patterns.join("|")}` : ""}`;
    return r.countType === "imageCountMoreThan"
      ? `keeps ${r.countNumber} ${r.tagStatus} image(s)${tags}`
      : `expires ${r.tagStatus} images${tags} after ${r.countNumber} ${r.countUnit ?? "days"}`;
  };
  for (const rule of a.filter((r) => r.expire)) {
    // A changed selection (tag status, prefixes, patterns, count type or unit) is a new rule.
    const old = b.find((r) => r.expire && r.key === rule.key);
    if (old && typeof rule.countNumber === "number" && rule.countNumber >= old.countNumber) continue;
    findings.push({
      attribute: `policy.rules[priority ${rule.priority}]`,
      before: old ? describe(old) : "(no such rule)",
      after: describe(rule),
      lost: "older images are expired: Deployments (and rollbacks) pinned to them can no longer pull",
    });
  }
  return findings;
}

/** ECR lifecycle policy keeps fewer images. */
export const rule: UpdateRule = {
  id: "PR-ECR-2",
  title: "ECR lifecycle policy keeps fewer images",
  types: ["aws_ecr_lifecycle_policy"],
  reason: "images a Deployment or a rollback needs are expired",
  check: ecrKeepsFewer,
};
