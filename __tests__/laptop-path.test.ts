/**
 * The laptop path of a non-production environment (docs/deploy.md): the cluster's API endpoint
 * opened to the deployer's /32 only, then `npx cdktf deploy '<env>-*'` in one command. Production
 * never takes it (its endpoint stays private: it deploys only through CI). Checked on the
 * validation and on the synthesized stacks: cdktf orders the stacks of one command by their
 * cross-stack references, so each stack must reference the ones it needs.
 */
import { builtInRaw, issuesOf } from "./support/environments";
import { resourcesOf, synthApp } from "./support/stacks";
import { validateEnvironments } from "../src/config/load";
import { stringify } from "yaml";

type Json = Record<string, any>;
/** A public address (the documentation ranges such as 203.0.113.0/24 are refused: nobody deploys from one). */
const DEPLOYER = "81.2.69.160/32";

function devFromLaptop(): Json {
  const raw = builtInRaw("dev");
  return { ...raw, cluster: { ...raw.cluster, endpointPublicAccessCidrs: [DEPLOYER] } };
}

describe("laptop path: a non-production endpoint open to the deployer's /32, never production's", () => {
  test("dev with the deployer's /32 is valid", () => {
    expect(issuesOf({ "dev.yaml": devFromLaptop() })).toEqual([]);
  });

  test("production with any public CIDR is refused, naming the field and the rule", () => {
    const prod = builtInRaw("prod");
    const open = { ...prod, cluster: { ...prod.cluster, endpointPublicAccessCidrs: [DEPLOYER] } };
    expect(issuesOf({ "prod.yaml": open })).toEqual([
      expect.objectContaining({
        path: "cluster.endpointPublicAccessCidrs",
        rule: expect.stringMatching(/^must be empty in a production environment: .*deploys only through CI/),
      }),
    ]);
    expect(issuesOf({ "prod.yaml": prod })).toEqual([]);
  });

  test("the whole internet is refused in non-production too", () => {
    const raw = devFromLaptop();
    const internet = { ...raw, cluster: { ...raw.cluster, endpointPublicAccessCidrs: ["0.0.0.0/0"] } };
    expect(issuesOf({ "dev.yaml": internet })).toEqual([
      expect.objectContaining({ path: "cluster.endpointPublicAccessCidrs[0]", rule: expect.stringMatching(/whole internet/) }),
    ]);
  });

  describe("the synthesized stacks", () => {
    const config = validateEnvironments([{ file: "dev.yaml", text: stringify(devFromLaptop()) }])[0].config;
    const stacks = synthApp([config]);

    test("the API endpoint admits exactly the deployer's /32 publicly, and stays reachable from the VPC", () => {
      const [cluster] = Object.values<Json>(resourcesOf(stacks["dev-cluster"], "aws_eks_cluster"));
      expect(cluster.vpc_config).toMatchObject({
        endpoint_private_access: true,
        endpoint_public_access: true,
        public_access_cidrs: [DEPLOYER],
      });
    });

    test("'dev-*' selects the environment's four stacks and nothing else (not the account's bootstrap stack)", () => {
      // What cdktf's glob 'dev-*' matches among the app's stacks.
      const selected = Object.keys(stacks).filter((name) => name.startsWith("dev-"));
      expect(selected.sort()).toEqual(["dev-apps", "dev-cluster", "dev-data", "dev-network"]);
      expect(Object.keys(stacks)).toContainEqual(expect.stringMatching(/^bootstrap-/));
    });

    test("each stack references the stacks it needs, so one deploy command applies them in order", () => {
      const references = (stack: string) =>
        Object.keys(stacks[stack].data?.terraform_remote_state ?? {})
          .map((name) => /cross-stack-reference-input-(.+)$/.exec(name)?.[1])
          .filter((name): name is string => name !== undefined)
          .sort();
      expect(references("dev-network")).toEqual([]);
      expect(references("dev-data")).toEqual(["dev-network"]);
      expect(references("dev-cluster")).toEqual(["dev-network"]);
      expect(references("dev-apps")).toEqual(["dev-cluster", "dev-data", "dev-network"]);
    });
  });
});
