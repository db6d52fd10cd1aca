import * as fs from "fs";
import { catalogSource, CATALOG_FILE, sdkInstanceTypes } from "../scripts/generate-instance-types";
import { instanceTypeProblem } from "../src/config/schema";
import { EC2_INSTANCE_TYPES, EC2_INSTANCE_TYPES_SOURCE } from "../src/config/ec2-instance-types";
import { PRICE_TABLES } from "../src/cost/prices";

describe("the EC2 instance type catalog (src/config/ec2-instance-types.ts)", () => {
  test("is the list of the pinned @aws-sdk/client-ec2 (run npm run instance-types after bumping it)", () => {
    const { version, types } = sdkInstanceTypes();
    expect(EC2_INSTANCE_TYPES_SOURCE.version).toBe(version);
    expect(fs.readFileSync(CATALOG_FILE, "utf8")).toBe(catalogSource(version, EC2_INSTANCE_TYPES_SOURCE.published, types));
    expect(EC2_INSTANCE_TYPES_SOURCE.published).toMatch(/^\d{4}-\d\d-\d\d$/);
  });

  test("knows the types the environments use, and not the ones that do not exist", () => {
    for (const type of ["t4g.nano", "t4g.medium", "m7g.large", "c7g.xlarge", "m7i.large"]) expect(EC2_INSTANCE_TYPES.has(type)).toBe(true);
    for (const type of ["t4g.mega", "t4g.24xlarge", "m7g.huge", "x8g.large2"]) expect(EC2_INSTANCE_TYPES.has(type)).toBe(false);
    expect(instanceTypeProblem("t4g.mega")).toMatch(/\(t4g comes in nano, micro, small, medium, large, xlarge, 2xlarge\)/);
    expect(instanceTypeProblem("m7q.large")).toMatch(/did you mean m7[a-z]\.large\?/);
    expect(instanceTypeProblem("m7g.large")).toBeUndefined();
  });

  test("every priced instance type exists (a typo in a price table would price nothing)", () => {
    for (const table of Object.values(PRICE_TABLES)) {
      expect(Object.keys(table.ec2InstanceHour).filter((type) => !EC2_INSTANCE_TYPES.has(type))).toEqual([]);
    }
  });
});
