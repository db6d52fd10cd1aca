import { CostLine, fixed, Meter, UsageLine } from "../model";
import { plural } from "../resources";

/**
 * The CodeBuild-hosted CI runner: billed per build minute while a job runs, nothing between jobs
 * (no instance waits for work). Its monthly floor is $0; the minutes are usage, listed with their
 * price. Its webhook and the account's GitHub connection are free (free-types.ts).
 */
export const ciRunnerMeter: Meter = {
  types: ["aws_codebuild_project"],
  measure: ({ stacks, prices }) => {
    const lines: CostLine[] = [];
    const usage: UsageLine[] = [];
    const problems: string[] = [];
    for (const stack of stacks) {
      const projects = stack.resources("aws_codebuild_project");
      if (projects.length === 0) continue;
      for (const project of projects) {
        const environment = [project.config.environment].flat()[0] as Record<string, unknown> | undefined;
        const computeType = String(environment?.compute_type);
        const price = prices.codebuildMinute[computeType];
        if (environment?.type !== "LINUX_CONTAINER" || price === undefined) {
          problems.push(
            `${stack.name}: ${project.address}: no CodeBuild price for ${String(environment?.type)} ${computeType} in ${prices.region} ` +
              `(known: LINUX_CONTAINER ${Object.keys(prices.codebuildMinute).join(", ")})`,
          );
          continue;
        }
        usage.push({
          stack: stack.name,
          item: `CI runner build minutes (CodeBuild ${computeType})`,
          price,
          unit: "build minute",
          detail: "only while a job runs on it (a deploy's apps plan and apply: minutes, not hours)",
        });
      }
      lines.push({
        stack: stack.name,
        item: "CI runner (CodeBuild)",
        detail: `${plural(projects.length, "project")}: no charge between jobs; its build minutes are usage`,
        monthly: fixed(0),
        addresses: projects.map((p) => p.address),
      });
    }
    return { lines, usage, problems };
  },
};
