import { BOUNDARY_ALLOW_LIST, BoundaryGrant } from "./boundary-allow-list";

/**
 * Read-only verbs the boundary folds into one wildcard per service (`ec2:Describe*`): a Describe or List
 * call reads configuration or names, never data. `Get` reads data in some services (`s3:GetObject`,
 * `secretsmanager:GetSecretValue`, `codeconnections:GetConnectionToken`), so it folds only for the services
 * {@link GET_FOLDS} names.
 */
const READ_FOLDS = ["Describe", "List"];

/** Services whose `Get` calls read configuration, metrics or messages for the caller, never stored data or a credential. */
export const GET_FOLDS = ["ec2", "ec2messages", "xray", "acm", "wafv2", "waf-regional", "shield", "arc-zonal-shift", "sqs", "iam"];

/**
 * The write-action families the boundary writes as one pattern, each reviewed (IAM's size limit for a
 * managed policy is 6,144 characters; the allow-list names about 270 actions). A pattern replaces the
 * actions of the list it matches; what else it matches is named in `why`. None reaches stored data:
 * snapshots, objects and secrets stay action by action. The production denies hold whatever a pattern matches.
 */
export const WRITE_FAMILIES: readonly { readonly pattern: string; readonly why: string }[] = [
  { pattern: "ec2:*NetworkInterface*", why: "pods' and builds' network interfaces (CNI, CodeBuild); also their attribute resets" },
  { pattern: "ec2:*PrivateIpAddresses", why: "the CNI's pod addresses (assign and unassign)" },
  { pattern: "ec2:*SecurityGroup*", why: "the load balancers' security groups (controller, EKS); also egress rules" },
  { pattern: "ec2:*Volume", why: "pods' EBS volumes (CSI driver, EKS): attach, create, delete, detach, modify" },
  { pattern: "ec2:*Tags", why: "tags of what the controllers create (CreateTags, DeleteTags)" },
  { pattern: "ec2:*LaunchTemplate", why: "Karpenter's launch templates (create, delete; also modify)" },
  { pattern: "ec2:*Route", why: "EKS's routes (create, delete; also replace)" },
  { pattern: "elasticloadbalancing:Add*", why: "the load balancers the controller and EKS own: tags, listener certificates" },
  { pattern: "elasticloadbalancing:Create*", why: "load balancers, listeners, rules, target groups (controller, EKS)" },
  { pattern: "elasticloadbalancing:Delete*", why: "the same, when a Service or Ingress goes" },
  { pattern: "elasticloadbalancing:Modify*", why: "their attributes" },
  { pattern: "elasticloadbalancing:Set*", why: "their subnets, groups, address type, web ACL, rule order, policies" },
  { pattern: "elasticloadbalancing:Remove*", why: "tags, listener certificates" },
  { pattern: "elasticloadbalancing:*Register*", why: "targets and instances (register, deregister)" },
  { pattern: "elasticloadbalancing:*LoadBalancer*", why: "classic load balancers of EKS's in-tree provider (subnets, groups, policies)" },
  { pattern: "rds:RestoreDB*", why: "AWS Backup restores (to a new cluster or instance)" },
  { pattern: "rds:CopyDB*Snapshot", why: "AWS Backup copies its recovery points" },
  { pattern: "rds:DeleteDB*AutomatedBackup", why: "AWS Backup's continuous backups" },
  { pattern: "rds:DeleteDB*Snapshot", why: "AWS Backup expires its own snapshots; production denies every other snapshot deletion" },
  { pattern: "s3:GetObject*", why: "reads of the objects a role's own policy names (AWS Backup reads versions, ACLs, tags)" },
  { pattern: "s3:PutObject*", why: "writes of the objects a role's own policy names (AWS Backup restores ACLs and tags)" },
  { pattern: "s3:GetBucket*", why: "bucket configuration reads (AWS Backup)" },
  { pattern: "kms:GenerateDataKey*", why: "data keys under the keys a role's own policy and the key policy name" },
  { pattern: "kms:ReEncrypt*", why: "AWS Backup re-encrypts copies under the vault key" },
  { pattern: "ssm:Get*", why: "SSM Agent's documents and parameters (nodes), the front end's parameters" },
  { pattern: "ssm:Update*Status", why: "SSM Agent reports association status" },
  { pattern: "ssmmessages:*Channel", why: "SSM Agent's session channels (create, open)" },
  { pattern: "events:*Rule", why: "AWS Backup's managed rules for S3 (put, delete, enable, disable)" },
  { pattern: "events:*Targets", why: "their targets (put, remove)" },
];

/** Each pattern's regular expression, built once: the boundary tests every pattern against every action (about 20,000 tests). */
const PATTERN_REGEXES = new Map<string, RegExp>();

/** Whether an IAM action pattern matches an action (case-insensitive, `*` and `?`). */
function matches(pattern: string, action: string): boolean {
  let regex = PATTERN_REGEXES.get(pattern);
  if (regex === undefined) {
    const source = pattern
      .replace(/[.+^${}()|[\]\\]/g, "\\$&")
      .replace(/\*/g, ".*")
      .replace(/\?/g, ".");
    regex = new RegExp(`^${source}$`, "i");
    PATTERN_REGEXES.set(pattern, regex);
  }
  return regex.test(action);
}

/**
 * The allow-list's actions as the boundary writes them: the union of {@link BOUNDARY_ALLOW_LIST}, with
 * read verbs folded per service ({@link READ_FOLDS}, {@link GET_FOLDS}) and the reviewed
 * {@link WRITE_FAMILIES} written as their patterns, sorted. `iam:PassRole` never comes from here:
 * {@link BOUNDARY_PASS_ROLES} scopes it per role and service.
 */
export function boundaryAllowedActions(list: Readonly<Record<string, BoundaryGrant>> = BOUNDARY_ALLOW_LIST): string[] {
  const all = new Set(Object.values(list).flatMap((row) => row.actions));
  for (const action of all) {
    if (!/^[a-z0-9-]+:[A-Za-z0-9]+$/.test(action))
      throw new Error(`boundary allow-list: ${action} is not one action (list actions; the boundary folds them)`);
  }
  // Stack roles change no IAM (the boundary's explicit deny covers IAM's resources; this covers the account-wide calls).
  const iamWrites = [...all].filter(
    (a) => /^iam:/.test(a) && !/^iam:(Get|List)/.test(a) && !["iam:PassRole", "iam:CreateServiceLinkedRole"].includes(a),
  );
  if (iamWrites.length > 0) throw new Error(`boundary allow-list: ${iamWrites.join(", ")} would let a stack role change IAM`);
  all.delete("iam:PassRole");
  const folds = [
    ...[...all].flatMap((a) => {
      const [service, name] = a.split(":");
      const verb = [...READ_FOLDS, ...(GET_FOLDS.includes(service) ? ["Get"] : [])].find((v) => name.startsWith(v));
      return verb ? [`${service}:${verb}*`] : [];
    }),
    ...WRITE_FAMILIES.map((f) => f.pattern).filter((p) => [...all].filter((a) => matches(p, a)).length >= 2),
  ];
  const written = new Set(folds);
  // `folds` repeats a service's read fold once per action it folds: test each pattern once.
  const patterns = [...written];
  for (const action of all) if (!patterns.some((p) => matches(p, action))) written.add(action);
  return [...written].sort();
}
