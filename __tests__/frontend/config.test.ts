/**
 * The environment file's `frontend` section: every rule refuses its bad input with the field and the
 * rule, and accepts the origins a real front end has (unit tier: the validation runs in-process).
 */
import { ciRoleName, frontendParameterPath } from "../../src/naming";
import { builtInRaw, issuesOf } from "../support/environments";

type Raw = Record<string, any>;
const GOOD = { githubRepository: "road-warrior/road-warrior-web", origins: ["http://localhost:5173"] };
const PROD_GOOD = { githubRepository: "road-warrior/road-warrior-web", origins: ["https://app.road-warrior.example"] };

function issuesWith(name: "dev" | "prod", frontend: Raw, mutate: (env: Raw) => void = () => undefined) {
  const env = builtInRaw(name);
  env.frontend = frontend;
  mutate(env);
  return issuesOf({ [`${name}.yaml`]: env }).map((i) => ({ path: i.path, rule: i.rule }));
}

describe("frontend: accepted", () => {
  test("a local front end in dev, an HTTPS front end in prod", () => {
    expect(issuesWith("dev", GOOD)).toEqual([]);
    expect(issuesWith("prod", PROD_GOOD)).toEqual([]);
  });

  test("a non-production environment with a domain may add HTTPS origins and a preview wildcard", () => {
    const origins = ["http://localhost:5173", "https://staging.road-warrior.example", "https://*.preview.road-warrior.example"];
    expect(issuesWith("dev", { ...GOOD, origins }, (e) => (e.domain = { name: "api.dev.example.com", hostedZoneId: "Z0123" }))).toEqual([]);
  });
});

/** One bad input per rule: the environment, the section, the field the issue names and what its rule says. */
const refused: [string, "dev" | "prod", Raw, string, RegExp][] = [
  [
    "an origin with a path",
    "prod",
    { ...PROD_GOOD, origins: ["https://app.road-warrior.example/app"] },
    "frontend.origins[0]",
    /without a path/,
  ],
  [
    "an origin with a trailing slash",
    "prod",
    { ...PROD_GOOD, origins: ["https://app.road-warrior.example/"] },
    "frontend.origins[0]",
    /trailing slash/,
  ],
  ["an origin with a query", "dev", { ...GOOD, origins: ["http://localhost:5173?x=1"] }, "frontend.origins[0]", /without a path, query/],
  ["a bare wildcard", "dev", { ...GOOD, origins: ["*"] }, "frontend.origins[0]", /without a path/],
  [
    "a wildcard in production",
    "prod",
    { ...PROD_GOOD, origins: ["https://*.road-warrior.example"] },
    "frontend.origins[0]",
    /wildcard in a production/,
  ],
  [
    "a wildcard that is not a whole first label",
    "dev",
    { ...GOOD, origins: ["https://app-*.example.com"] },
    "frontend.origins[0]",
    /wildcard only as its whole first label/,
  ],
  [
    "plain HTTP in production",
    "prod",
    { ...PROD_GOOD, origins: ["http://app.road-warrior.example"] },
    "frontend.origins[0]",
    /https:\/\/ in a production/,
  ],
  [
    "localhost in production",
    "prod",
    { ...PROD_GOOD, origins: ["http://localhost:5173"] },
    "frontend.origins[0]",
    /https:\/\/ in a production/,
  ],
  [
    "plain HTTP to a host that is not local",
    "dev",
    { ...GOOD, origins: ["http://app.example.com"] },
    "frontend.origins[0]",
    /only for localhost/,
  ],
  [
    "an HTTPS front end against dev's plain-HTTP API (mixed content)",
    "dev",
    { ...GOOD, origins: ["https://app.example.com"] },
    "frontend.origins[0]",
    /mixed content/,
  ],
  [
    "the same origin twice",
    "dev",
    { ...GOOD, origins: ["http://localhost:5173", "http://localhost:5173"] },
    "frontend.origins[1]",
    /must be unique/,
  ],
  ["an origin in capitals", "prod", { ...PROD_GOOD, origins: ["https://App.road-warrior.example"] }, "frontend.origins[0]", /lowercase/],
  [
    "the default port named",
    "prod",
    { ...PROD_GOOD, origins: ["https://app.road-warrior.example:443"] },
    "frontend.origins[0]",
    /leave out :443/,
  ],
  ["a port above 65535", "dev", { ...GOOD, origins: ["http://localhost:70000"] }, "frontend.origins[0]", /1 to 65535/],
  ["no origin at all", "dev", { ...GOOD, origins: [] }, "frontend.origins", /at least one origin/],
  ["a repository without its owner", "dev", { ...GOOD, githubRepository: "road-warrior-web" }, "frontend.githubRepository", /owner\/name/],
  ["a repository with a space", "dev", { ...GOOD, githubRepository: "road warrior/web" }, "frontend.githubRepository", /owner\/name/],
  ["a repository with two slashes", "dev", { ...GOOD, githubRepository: "a/b/c" }, "frontend.githubRepository", /owner\/name/],
  ["an owner starting with a hyphen", "dev", { ...GOOD, githubRepository: "-owner/web" }, "frontend.githubRepository", /owner\/name/],
  ["a branch with a space", "dev", { ...GOOD, branch: "my branch" }, "frontend.branch", /branch name/],
  ["an unknown field", "dev", { ...GOOD, origin: "http://localhost:5173" }, "frontend.origin", /not a known field/],
];

describe("frontend: refused with the field and the rule", () => {
  test.each(refused)("%s", (_what, env, frontend, path, rule) => {
    const issues = issuesWith(env, frontend);
    expect(issues).toContainEqual({ path, rule: expect.stringMatching(rule) });
  });

  test("a front end needs a public service: a browser can reach no other", () => {
    const issues = issuesWith("dev", GOOD, (e) => {
      for (const s of e.services) {
        delete s.public;
        delete s.path;
      }
    });
    expect(issues).toContainEqual({ path: "frontend", rule: expect.stringMatching(/needs a public service/) });
  });

  test("a front end needs a ci section: its read role trusts the CI roles' GitHub OIDC provider", () => {
    expect(issuesWith("dev", GOOD, (e) => delete e.ci)).toContainEqual({
      path: "frontend",
      rule: expect.stringMatching(/needs a ci section/),
    });
  });

  test("with sign-in, one origin must be exact: the browser client's callback URLs come from the origins", () => {
    const withDomain = (e: Raw) => {
      e.domain = { name: "api.dev.example.com", hostedZoneId: "Z0123" };
      e.services[0].authenticate = true;
    };
    const preview = { ...GOOD, origins: ["https://*.preview.example.com"] };
    expect(issuesWith("dev", preview, withDomain)).toContainEqual({
      path: "frontend.origins",
      rule: expect.stringMatching(/without a wildcard when a service asks for sign-in/),
    });
    expect(issuesWith("dev", { ...preview, origins: [...preview.origins, "http://localhost:5173"] }, withDomain)).toEqual([]);
  });

  test("a contract too large for a standard SSM parameter (4 KB) is refused before anything is deployed", () => {
    const origins = Array.from({ length: 20 }, (_, i) => `https://front-end-number-${i}-of-a-rather-long-list.road-warrior.example`);
    const issues = issuesWith("prod", { ...PROD_GOOD, origins }, (e) => (e.services[0].authenticate = true));
    expect(issues).toContainEqual({
      path: "frontend.origins",
      rule: expect.stringMatching(/contract parameter could reach \d+ characters/),
    });
    // Without sign-in (no callback and logout URLs) the same origins fit.
    expect(issuesWith("prod", { ...PROD_GOOD, origins })).toEqual([]);
  });

  // (An origin the schema refuses, such as one with a path, stops the section: the rules then wait for a well-formed list.)
  test("every bad origin of a file is reported at once", () => {
    const issues = issuesWith("prod", { ...PROD_GOOD, origins: ["http://a.example", "https://*.b.example", "https://C.example"] });
    expect(issues.filter((i) => i.path.startsWith("frontend.origins")).map((i) => i.path)).toEqual([
      "frontend.origins[0]",
      "frontend.origins[1]",
      "frontend.origins[2]",
    ]);
  });
});

describe("names", () => {
  test("the read role's longest name fits IAM's 64 characters; the parameters live under one path per environment", () => {
    expect(ciRoleName("p".repeat(20), "e".repeat(12), "frontend").length).toBeLessThanOrEqual(64);
    expect(ciRoleName("road-warrior", "prod", "frontend")).toBe("road-warrior-prod-ci-frontend");
    expect(frontendParameterPath("road-warrior", "prod")).toBe("/road-warrior/prod/frontend");
  });
});
