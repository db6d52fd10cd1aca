import { spawn } from "child_process";
import * as path from "path";
import { Naming } from "../src/naming";
import { githubConnectionArn } from "../src/preflight/apps-checks";
import { builtIn, ENVIRONMENTS_DIR } from "./support/environments";
import { FAKE_CREDENTIALS, startFakeAws } from "./support/fake-aws";

/*
 * `npm run preflight` as a user runs it, against AWS answered from loopback: the SDK finds the
 * endpoint (AWS_ENDPOINT_URL) and the credentials (AWS_ACCESS_KEY_ID, ...) in the environment, as it
 * finds a real profile. The checks themselves are tested in-process (preflight.test.ts).
 */
test("npm run preflight -- dev --stage apps: a missing image is reported with its fix on stdout, exit 1, nothing on stderr", async () => {
  const dev = builtIn("dev");
  const naming = new Naming(dev);
  const images = new Map(dev.services.map((s) => [naming.ecrRepository(s.name), new Set([s.imageTag])]));
  images.set(naming.ecrRepository("trips-api"), new Set());
  const endpoint = await startFakeAws({
    caller: { account: dev.accountId, arn: `arn:aws:sts::${dev.accountId}:assumed-role/road-warrior-dev-admin/deployer` },
    roles: new Map([["road-warrior-dev-admin", `arn:aws:iam::${dev.accountId}:role/road-warrior-dev-admin`]]),
    createServiceLinkedRole: "allowed",
    hostedZones: new Map(),
    appliedQuotas: new Map(),
    defaultQuotas: new Map(),
    images,
    // The fixture's connection, when it names one, is approved: the only problem is the image.
    connections: new Map(githubConnectionArn(dev) ? [[githubConnectionArn(dev)!, "AVAILABLE"]] : []),
  });
  try {
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      ENVIRONMENTS_DIR,
      AWS_ENDPOINT_URL: endpoint.url,
      AWS_ACCESS_KEY_ID: FAKE_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: FAKE_CREDENTIALS.secretAccessKey,
      // No profile of the machine running the test may take part.
      AWS_CONFIG_FILE: path.join(ENVIRONMENTS_DIR, "no-such-aws-config"),
      AWS_SHARED_CREDENTIALS_FILE: path.join(ENVIRONMENTS_DIR, "no-such-aws-credentials"),
      AWS_EC2_METADATA_DISABLED: "true",
    };
    const child = spawn("npm", ["run", "-s", "preflight", "--", "dev", "--stage", "apps"], { cwd: path.join(__dirname, ".."), env });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(stderr).toBe("");
    expect(stdout).toMatch(
      /^PROBLEM {2}image: trips-api: road-warrior\/dev\/trips-api:0\.1\.0 is not in the registry \(no image with this tag\)$/m,
    );
    expect(stdout).toMatch(/^ {9}fix: push the image/m);
    expect(stdout).toMatch(/^1 problem found: fix it, then run npm run preflight -- dev --stage apps again\.$/m);
    expect(code).toBe(1);
    // Who is calling first; then the images and the caller's role, in parallel.
    const services = endpoint.calls.map((c) => c.service).filter((s) => s !== "codestar-connections");
    expect(services[0]).toBe("sts");
    expect(services.slice(1).sort()).toEqual(["ecr", "ecr", "ecr", "iam"]);
  } finally {
    await endpoint.stop();
  }
});
