/**
 * What a preflight check finds: a problem (the first apply would fail or stall on it) with the one
 * thing to do about it, a notice (worth knowing, not blocking), or a pass. The report lists every
 * problem at once, so one run tells the whole list of what to fix.
 */
export interface Problem {
  /** The check, as the report's left column names it (`account`, `admin role`, `hosted zone`, ...). */
  readonly check: string;
  /** What is wrong, naming the environment-file field or AWS resource. */
  readonly problem: string;
  /** The one thing to do: a command, a console step or the field to change. */
  readonly fix: string;
}

export interface Notice {
  readonly check: string;
  readonly message: string;
}

export interface Pass {
  readonly check: string;
  readonly message: string;
}

/** The findings of one or several checks, appended to as they run. */
export class Findings {
  readonly problems: Problem[] = [];
  readonly notices: Notice[] = [];
  readonly passes: Pass[] = [];

  problem(check: string, problem: string, fix: string): void {
    this.problems.push({ check, problem, fix });
  }

  notice(check: string, message: string): void {
    this.notices.push({ check, message });
  }

  pass(check: string, message: string): void {
    this.passes.push({ check, message });
  }
}

/** An SDK error in one short phrase (`AccessDenied: User ... is not authorized ...`). */
export function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`.split("\n")[0];
  return String(error);
}
