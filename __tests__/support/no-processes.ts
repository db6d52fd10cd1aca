/**
 * Set up before every suite of the unit tier: child_process refuses to start anything, so a suite
 * that starts Terraform, Helm, ESLint, `node` or any other program fails at once with a message
 * saying where it belongs, instead of slowing the inner loop. Only this suite's module registry
 * sees the refusal: the integration tier, in the same worker, gets the real module.
 */
const REFUSED = ["spawn", "spawnSync", "exec", "execSync", "execFile", "execFileSync", "fork"] as const;

function refusing(): typeof import("child_process") {
  const actual = jest.requireActual<typeof import("child_process")>("child_process");
  const refused = Object.fromEntries(
    REFUSED.map((name) => [
      name,
      () => {
        throw new Error(
          `this suite starts a process (child_process.${name}): list it in the integration tier of jest.config.js, not in the unit tier`,
        );
      },
    ]),
  );
  return { ...actual, ...refused };
}

jest.mock("child_process", refusing);
jest.mock("node:child_process", refusing);
