/**
 * Every pin in the catalog (and in an add-on folder's pins.ts) says where it was read, when, and
 * which `aws` command confirms that AWS still offers it; the Aurora default is a long-term-support minor.
 */
import {
  addonConfirm,
  AMI_PINS,
  AURORA_POSTGRES_VERSIONS,
  DEFAULT_AURORA_POSTGRES_VERSION,
  KUBERNETES_RELEASES,
  PinSource,
} from "../src/config/catalog";
import { LOAD_BALANCER_CONTROLLER } from "../src/constructs/addons/load-balancer-controller/pins";
import { autoPauseProblem } from "../src/config/schema";

const expectSourced = (pin: PinSource) => {
  expect(pin.source).toMatch(/https:\/\//);
  expect(pin.checked).toMatch(/^20\d\d-\d\d-\d\d$/);
  expect(pin.confirm).toMatch(/^(aws|helm) /);
};

describe("catalog pins", () => {
  test.each(Object.entries(AURORA_POSTGRES_VERSIONS))(
    "Aurora PostgreSQL %s: a long-term-support minor, sourced, dated, with its aws command",
    (version, entry) => {
      expect(entry.longTermSupport).toBe(true);
      expectSourced(entry.pin);
      expect(entry.pin.confirm).toContain(`aws rds describe-db-engine-versions --engine aurora-postgresql --engine-version ${version}`);
      expect(entry.parameterGroupFamily).toBe(`aurora-postgresql${version.split(".")[0]}`);
    },
  );

  test("the default engine version is the LTS minor of PostgreSQL 16, not the 16.6 AWS stopped offering", () => {
    expect(DEFAULT_AURORA_POSTGRES_VERSION).toBe("16.8");
    expect(AURORA_POSTGRES_VERSIONS[DEFAULT_AURORA_POSTGRES_VERSION].longTermSupport).toBe(true);
    expect(Object.keys(AURORA_POSTGRES_VERSIONS)).not.toContain("16.6");
  });

  test.each(Object.entries(KUBERNETES_RELEASES))(
    "Kubernetes %s: sourced and dated; every add-on has its confirming command",
    (version, release) => {
      expectSourced(release.pin);
      expect(release.pin.confirm).toContain(`--cluster-versions ${version}`);
      for (const addon of Object.values(release.addons)) {
        expect(addonConfirm(version, "vpc-cni", addon)).toMatch(
          new RegExp(
            `^aws eks describe-addon-versions --kubernetes-version ${version} --addon-name vpc-cni .*'${addon.replace(/\./g, "\\.")}'`,
          ),
        );
      }
    },
  );

  test("the Load Balancer Controller chart and the AMI sources are sourced and dated", () => {
    expectSourced(LOAD_BALANCER_CONTROLLER.pin);
    expect(LOAD_BALANCER_CONTROLLER.pin.confirm).toContain(LOAD_BALANCER_CONTROLLER.chartVersion);
    expectSourced(AMI_PINS.nodeGroups.pin);
    expectSourced(AMI_PINS.natInstance.pin);
  });

  test("0 ACU is refused on an engine version that cannot pause (rule kept for versions added later)", () => {
    const versions = { "14.6": { supportsAutoPause: false }, "16.8": { supportsAutoPause: true } };
    expect(autoPauseProblem("14.6", 0, versions)).toBe(
      "can be 0 (auto-pause) only on engine versions that support it (16.8); engine 14.6 needs at least 0.5",
    );
    expect(autoPauseProblem("14.6", 0.5, versions)).toBeUndefined();
    expect(autoPauseProblem("16.8", 0, versions)).toBeUndefined();
    expect(Object.keys(AURORA_POSTGRES_VERSIONS).map((v) => autoPauseProblem(v, 0))).toEqual([undefined, undefined, undefined]);
  });
});
