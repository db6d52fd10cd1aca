/**
 * The apply-time code the plan review lets run (rule PR-CODE-1, `apply-time-code.ts`): one list for every stack
 * and environment, so a new environment needs no new line. A command is listed by the sha256 of its text as
 * the synthesized `cdk.tf.json` holds it (per-environment values reach it through `self.input` or the
 * `environment` variables, never through its text). `__tests__/apply-time-code.test.ts` checks that every
 * command the stacks synthesize is here, and that nothing here is unused.
 *
 * To add one: write the command so that its text is the same in every environment, synthesize, and add its
 * hash (`sha256sum` of the text, or the line the refused review prints) with what it does, in words a reviewer
 * can check against the construct.
 */
export interface ApprovedCommand {
  /** sha256 (hex) of the command text (a provisioner's `command`; a Kubernetes workload's pod spec as `apply-time-code.ts` writes it). */
  readonly sha256: string;
  /** `local-exec` (a provisioner) or `kubernetes-pod` (a Pod, Deployment, Job, ... or a manifest of a custom kind). */
  readonly kind: "local-exec" | "kubernetes-pod";
  /** The provisioner's interpreter, exactly. */
  readonly interpreter?: readonly string[];
  /** Environment variables the provisioner may set (their values are data the command quotes). @default none */
  readonly environment?: readonly string[];
  /** The construct that writes it. */
  readonly source: string;
  /** What it does, and with which rights. */
  readonly what: string;
}

export const APPROVED_COMMANDS: readonly ApprovedCommand[] = [
  {
    sha256: "42c098b853a2ce941f0f0dbeff20faf677c5aea0f47afc1f0582479497c0a764",
    kind: "local-exec",
    interpreter: ["/bin/sh", "-c"],
    environment: ["RW_REGION", "RW_TAG_FILTERS", "RW_TAGS", "RW_TIMEOUT"],
    source: "src/constructs/apps/load-balancer-wait.ts (apps stack, terraform_data.LoadBalancerWait)",
    what:
      "waits until the ALB the Load Balancer Controller creates for the public Ingresses is active: reads the Resource Groups " +
      "Tagging API and runs `aws elbv2 wait load-balancer-available`; read-only AWS calls with the deploy role",
  },
  {
    sha256: "1845099f4bb9cacc66a0825b7aa0ede57c530b1c8d0c4098d930020cab698204",
    kind: "local-exec",
    interpreter: ["/bin/bash", "-c"],
    source: "src/constructs/addons/karpenter/nodepools-release.ts (apps stack, terraform_data KarpenterNodePools NodesGone, at destroy)",
    what:
      "at destroy, waits until no EC2 instance a Karpenter NodePool launched in the cluster is left (`aws ec2 describe-instances`); " +
      "read-only AWS calls with the deploy role",
  },
];
