import { checkImages, DescribeImage, formatImageCheck } from "../src/ci/image-check";
import { ciMatrix, CiMatrixError, githubOutputs } from "../src/ci/matrix";
import { builtIn } from "./support/environments";

describe("ci-matrix: environments for the workflows, from the environment files and the naming convention", () => {
  const dev = builtIn("dev");
  const prod = builtIn("prod");

  test("splits non-production from production; production plans in <githubEnvironment>-plan", () => {
    const matrix = ciMatrix([dev, prod]);
    expect(matrix.nonProduction.map((e) => e.name)).toEqual(["dev"]);
    expect(matrix.production.map((e) => e.name)).toEqual(["prod"]);
    expect(matrix.production[0]).toMatchObject({ githubEnvironment: "prod", planGithubEnvironment: "prod-plan", production: true });
    expect(matrix.nonProduction[0].planGithubEnvironment).toBe("");
  });

  test("the GitHub environment is ci.githubEnvironment, defaulting to the name", () => {
    expect(ciMatrix([{ ...dev, ci: { ...dev.ci!, githubEnvironment: "development" } }]).all[0].githubEnvironment).toBe("development");
    expect(ciMatrix([{ ...dev, ci: { ...dev.ci!, githubEnvironment: undefined } }]).all[0].githubEnvironment).toBe("dev");
  });

  test("roles, bootstrap stack, state bucket and key by convention: no repository variables", () => {
    expect(ciMatrix([prod]).all[0]).toMatchObject({
      planRoleArn: "arn:aws:iam::222222222222:role/road-warrior-prod-ci-plan",
      deployRoleArn: "arn:aws:iam::222222222222:role/road-warrior-prod-ci-deploy",
      bootstrapStack: "bootstrap-222222222222",
      stateBucket: "road-warrior-tfstate-222222222222",
      stateKeyArn: "arn:aws:kms:eu-central-1:222222222222:alias/road-warrior-tfstate-222222222222-state",
    });
  });

  test("the apps jobs run on the CodeBuild runner of the cluster stack, named by convention, or on the team's own runner label", () => {
    expect(ciMatrix([dev]).all[0]).toMatchObject({ appsRunnerProject: "road-warrior-dev-apps-runner", appsRunsOn: "null" });
    const own = { ...dev, ci: { ...dev.ci!, appsRunnerLabel: "team-runner" } };
    expect(ciMatrix([own]).all[0]).toMatchObject({ appsRunnerProject: "", appsRunsOn: JSON.stringify(["self-hosted", "team-runner"]) });
  });

  test("no runner to reach the cluster (no GitHub connection and no own label) keeps the environment out of CI, naming the field", () => {
    for (const endpointPublicAccessCidrs of [[], ["203.0.113.0/24"]]) {
      const none = {
        ...dev,
        ci: { ...dev.ci!, githubConnectionArn: undefined, appsRunnerLabel: undefined },
        cluster: { ...dev.cluster, endpointPublicAccessCidrs },
      };
      expect(() => ciMatrix([none])).toThrow(CiMatrixError);
      expect(() => ciMatrix([none])).toThrow(
        /dev: ci.githubConnectionArn is required unless ci.appsRunnerLabel names your own runner: .*output github-connection of bootstrap-111111111111/,
      );
    }
  });

  test("environments without ci are left out and named", () => {
    const matrix = ciMatrix([{ ...dev, ci: undefined }, prod]);
    expect(matrix.all.map((e) => e.name)).toEqual(["prod"]);
    expect(matrix.skipped).toEqual(["dev"]);
  });

  test("an environment with ci on a non-S3 backend is refused with a reason (saved plans live in the state bucket)", () => {
    expect(() => ciMatrix([{ ...dev, backend: { type: "local" } }])).toThrow(CiMatrixError);
    expect(() => ciMatrix([{ ...dev, backend: { type: "local" } }])).toThrow(
      /dev: backend.type is local, but an environment with a ci section needs backend.type s3/,
    );
  });

  test("outputs for $GITHUB_OUTPUT: one line each, an empty list as []", () => {
    const lines = githubOutputs(ciMatrix([dev]))
      .trim()
      .split("\n");
    expect(lines.map((l) => l.split("=")[0])).toEqual(["all", "non-production", "production"]);
    expect(lines[2]).toBe("production=[]");
    expect(JSON.parse(lines[1].slice("non-production=".length))[0].name).toBe("dev");
  });
});

describe("check-images: every service's imageTag exists in its repository (describe-images injected)", () => {
  const dev = builtIn("dev");
  const registry = new Set(["road-warrior/dev/trips-api:0.1.0", "road-warrior/dev/notifications:0.1.0"]);
  const calls: string[] = [];
  const fake: DescribeImage = async ({ repository, tag, accountId, region }) => {
    calls.push(`${accountId} ${region} ${repository}:${tag}`);
    if (repository.endsWith("broken")) throw new Error("throttled");
    return registry.has(`${repository}:${tag}`) ? { status: "found" } : { status: "missing", reason: "no image with this tag" };
  };

  test("asks the environment's account and region for each service's repository and tag", async () => {
    calls.length = 0;
    await checkImages(dev, fake);
    expect(calls.sort()).toEqual(dev.services.map((s) => `111111111111 eu-central-1 road-warrior/dev/${s.name}:${s.imageTag}`).sort());
  });

  test("a missing image is named with its service, and the check fails", async () => {
    const results = await checkImages(dev, fake);
    const missing = results.filter((r) => r.lookup.status !== "found");
    expect(missing.map((r) => r.service)).toEqual(["reservation-sync"]);
    const text = formatImageCheck("dev", results);
    expect(text).toMatch(/MISSING {2}reservation-sync: road-warrior\/dev\/reservation-sync:0\.1\.0 \(no image with this tag\)/);
    expect(text).toMatch(/1 of 3 images cannot be checked or do not exist: the apps stack is not applied\./);
  });

  test("all present passes", async () => {
    const results = await checkImages(dev, async () => ({ status: "found" }));
    expect(results.every((r) => r.lookup.status === "found")).toBe(true);
    expect(formatImageCheck("dev", results)).toMatch(/Every image exists\./);
  });

  test("an error from the registry is reported, not taken for a pass", async () => {
    const broken = { ...dev, services: [{ ...dev.services[0], name: "broken" }] };
    const [result] = await checkImages(broken, fake);
    expect(result.lookup).toEqual({ status: "error", reason: "throttled" });
  });
});
