/**
 * One GitHub issue per environment for drift: opened when a run finds drift, its body replaced by
 * the latest summary while drift stays, closed (with a comment naming the run) when a run finds none.
 * Through GitHub's REST API with the workflow's token (`issues: write`); `fetch` is injected so tests
 * answer it from a stub.
 */
import { DriftReport, driftMarker, driftMarkdown, driftTitle } from "./drift";

export const DRIFT_LABEL = "drift";

export type Fetch = (
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string },
) => Promise<{
  status: number;
  text(): Promise<string>;
}>;

export interface GitHubTarget {
  /** `https://api.github.com`, or `$GITHUB_API_URL` on GitHub Enterprise. */
  readonly apiUrl: string;
  /** `owner/name`. */
  readonly repository: string;
  readonly token: string;
  readonly fetch: Fetch;
}

export type IssueOutcome =
  { readonly action: "opened" | "updated" | "closed"; readonly number: number } | { readonly action: "none"; readonly reason: string };

async function call(target: GitHubTarget, method: string, route: string, body?: unknown): Promise<unknown> {
  const response = await target.fetch(`${target.apiUrl.replace(/\/$/, "")}/repos/${target.repository}${route}`, {
    method,
    headers: {
      accept: "application/vnd.github+json",
      authorization: `Bearer ${target.token}`,
      "x-github-api-version": "2022-11-28",
      ...(body !== undefined ? { "content-type": "application/json" } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  if (response.status < 200 || response.status > 299) {
    let message = text.slice(0, 200);
    try {
      message = (JSON.parse(text) as { message?: string }).message ?? message;
    } catch {
      // not JSON: the start of the text
    }
    throw new Error(`GitHub API ${method} ${route}: ${response.status} ${message}`);
  }
  return text ? JSON.parse(text) : undefined;
}

interface Issue {
  readonly number: number;
  readonly body?: string | null;
  readonly pull_request?: unknown;
}

/** The open drift issue of the environment: labelled `drift`, its body starting with the environment's marker. */
async function openIssueOf(target: GitHubTarget, environment: string): Promise<Issue | undefined> {
  const issues = (await call(target, "GET", `/issues?state=open&labels=${DRIFT_LABEL}&per_page=100`)) as Issue[];
  return issues.find((i) => !i.pull_request && (i.body ?? "").startsWith(driftMarker(environment)));
}

/** Opens, updates or closes the environment's drift issue to match `report`. */
export async function syncDriftIssue(target: GitHubTarget, report: DriftReport, runUrl: string): Promise<IssueOutcome> {
  const existing = await openIssueOf(target, report.environment);
  if (report.drifted.length > 0) {
    const body = driftMarkdown(report, runUrl);
    if (existing) {
      await call(target, "PATCH", `/issues/${existing.number}`, { body });
      return { action: "updated", number: existing.number };
    }
    const created = (await call(target, "POST", "/issues", {
      title: driftTitle(report.environment),
      body,
      labels: [DRIFT_LABEL],
    })) as Issue;
    return { action: "opened", number: created.number };
  }
  if (!existing) return { action: "none", reason: "no drift and no open issue" };
  if (report.failed.length > 0)
    return { action: "none", reason: `no drift where checked, but ${report.failed.join(", ")} could not be planned: the issue stays open` };
  await call(target, "POST", `/issues/${existing.number}/comments`, { body: `No drift found by [this run](${runUrl}): closing.` });
  await call(target, "PATCH", `/issues/${existing.number}`, { state: "closed", state_reason: "completed" });
  return { action: "closed", number: existing.number };
}
