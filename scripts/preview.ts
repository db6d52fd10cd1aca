/**
 * `npm run preview -- <env>`: the plan of every AWS stack of an environment, offline, with the
 * real AWS provider and no AWS account. See src/preview/preview.ts.
 */
import { preview } from "../src/preview/preview";

const USAGE =
  `usage: npm run preview -- <environment> [--stack <stack>]...

Synthesizes, then runs terraform init and an offline plan (fake credentials, stub upstream
outputs; the plan validates the configuration first and shows its warnings and errors) for every
AWS-only stack of the environment and the bootstrap stack of its account, two at a time, ` +
  `each with its own account's credentials answered by a local STS endpoint on 127.0.0.1 (allowed_account_ids kept).
Writes cdktf.out/preview/<stack>.plan.json and cdktf.out/preview/summary.md; keeps the initialised
folders in cdktf.out/preview-init/, reused while Terraform, the providers and the lock file are unchanged.
--stack plans only the stacks named (e.g. the one you are changing); the others are listed as not planned.
Environment files are read from environments/ or $ENVIRONMENTS_DIR.`;

export async function main(argv: readonly string[]): Promise<number> {
  if (argv.includes("--help") || argv.includes("-h")) {
    console.log(USAGE);
    return 0;
  }
  const parsed = previewArguments(argv);
  if (parsed === undefined) {
    console.error(USAGE);
    return 2;
  }
  return preview({
    environment: parsed.environment,
    stacks: parsed.stacks,
    environmentsDir: process.env.ENVIRONMENTS_DIR ?? "environments",
    outdir: process.env.CDKTF_OUTDIR ?? "cdktf.out",
  });
}

/** `<environment> [--stack <name>]...`, or undefined for anything else (an option it does not know is never ignored). */
export function previewArguments(argv: readonly string[]): { environment: string; stacks?: string[] } | undefined {
  const [environment, ...rest] = argv;
  if (environment === undefined || environment.startsWith("-")) return undefined;
  const stacks: string[] = [];
  for (let i = 0; i < rest.length; i += 2) {
    if (rest[i] !== "--stack" || rest[i + 1] === undefined || rest[i + 1].startsWith("-")) return undefined;
    stacks.push(rest[i + 1]);
  }
  return stacks.length > 0 ? { environment, stacks } : { environment };
}

if (require.main === module)
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
