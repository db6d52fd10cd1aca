/**
 * AWS-owned accounts that a policy of this project may name although they are not the environment's: each
 * with the resource types and actions it may be given, and why. The cross-account rule of the plan review
 * (`principals.ts`, PR-IAM-1) passes a principal of one of these accounts only in a statement of a listed
 * type whose every action is listed. An allow-list: an AWS account that is not here is another account.
 */
export interface ServiceAccount {
  readonly account: string;
  /** The service and, where the account is regional, the region. */
  readonly service: string;
  readonly region?: string;
  /** The resource types whose policy may name it. */
  readonly types: readonly string[];
  /** The only actions a statement naming it may allow (no `NotAction`, no wildcards). */
  readonly actions: readonly string[];
  readonly reason: string;
}

const ELB_REASON =
  "Elastic Load Balancing delivers ALB access logs to the logs bucket as this regional account in regions opened before " +
  "August 2022 (the data stack's AlbAccessLogDelivery statement, from the provider's aws_elb_service_account); " +
  "it may only put objects";

/** The regional Elastic Load Balancing accounts, as AWS documents them for access-log bucket policies. */
const ELB_ACCOUNTS: Readonly<Record<string, string>> = {
  "us-east-1": "127311923021",
  "us-east-2": "033677994240",
  "us-west-1": "027434742980",
  "us-west-2": "797873946194",
  "af-south-1": "098369216593",
  "ap-east-1": "754344448648",
  "ap-south-1": "718504428378",
  "ap-northeast-1": "582318560864",
  "ap-northeast-2": "600734575887",
  "ap-northeast-3": "383597477331",
  "ap-southeast-1": "114774131450",
  "ap-southeast-2": "783225319266",
  "ca-central-1": "985666609251",
  "eu-central-1": "054676820928",
  "eu-west-1": "156460612806",
  "eu-west-2": "652711504416",
  "eu-west-3": "009996457667",
  "eu-south-1": "635631232127",
  "eu-north-1": "897822967062",
  "me-south-1": "076674570225",
  "sa-east-1": "507241528517",
};

export const SERVICE_ACCOUNTS: readonly ServiceAccount[] = Object.entries(ELB_ACCOUNTS).map(([region, account]) => ({
  account,
  service: "Elastic Load Balancing (access logs)",
  region,
  types: ["aws_s3_bucket_policy"],
  actions: ["s3:PutObject"],
  reason: ELB_REASON,
}));
