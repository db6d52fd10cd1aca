/**
 * Every name derived from an environment, in one place. Names are `<project>-<env>-<component>`;
 * the schema caps project at 20 and env at 12 characters so that every name here fits the
 * shortest AWS limit it meets (S3 buckets and RDS identifiers: 63). `naming.test.ts` checks the
 * worst case.
 */
export interface NamingInput {
  readonly project: string;
  readonly name: string;
  readonly accountId: string;
}

export type StackKind = "network" | "data" | "cluster" | "apps";

/** Prefix of the bootstrap stacks: one per AWS account, `bootstrap-<accountId>`. */
export const BOOTSTRAP_STACK = "bootstrap";

/** The bootstrap stack of one account: applied with that account's credentials, with its own state. */
export function bootstrapStackName(accountId: string): string {
  return `${BOOTSTRAP_STACK}-${accountId}`;
}

/** The account of a bootstrap stack's name, or undefined for any other stack. */
export function bootstrapAccountOf(stack: string): string | undefined {
  return /^bootstrap-(\d{12})$/.exec(stack)?.[1];
}

/** The AWS partition of a region, for the few places that cannot ask the provider (backend configuration). */
export function partitionOf(region: string): string {
  if (region.startsWith("cn-")) return "aws-cn";
  if (region.includes("-gov-")) return "aws-us-gov";
  return "aws";
}

/** Alias of the KMS key that encrypts a state bucket (created by the bootstrap stack). */
export function stateKeyAlias(bucket: string): string {
  return `${bucket}-state`;
}

export function stackName(environment: string, kind: StackKind): string {
  return `${environment}-${kind}`;
}

export class Naming {
  /** `<project>-<env>`: the prefix of every resource name of this environment. */
  public readonly prefix: string;

  constructor(private readonly input: NamingInput) {
    this.prefix = `${input.project}-${input.name}`;
  }

  /** Globally unique bucket name: the account id keeps two accounts from colliding. */
  bucket(purpose: "assets" | "logs"): string {
    return `${this.prefix}-${purpose}-${this.input.accountId}`;
  }

  get auroraCluster(): string {
    return `${this.prefix}-aurora`;
  }

  ecrRepository(service: string): string {
    return `${this.input.project}/${this.input.name}/${service}`;
  }

  serviceSecret(service: string): string {
    return `${this.input.project}/${this.input.name}/${service}`;
  }

  get eksCluster(): string {
    return this.prefix;
  }

  logGroup(component: string): string {
    return `/${this.input.project}/${this.input.name}/${component}`;
  }

  /** A name for an IAM role, KMS alias, security group or parameter group of this environment. */
  resource(component: string): string {
    return `${this.prefix}-${component}`;
  }
}
