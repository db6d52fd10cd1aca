import { rule } from "../../src/rules/pack/rw-ecr-2-immutable-scanned";
import { verdict } from "../support/rules";

const repository = (config: Record<string, unknown>) => ({ resource: { aws_ecr_repository: { Repo: { name: "app", ...config } } } });

describe("RW-ECR-2 ECR tags immutable and images scanned on push", () => {
  test("compliant: immutable and scanned", () => {
    const config = { image_tag_mutability: "IMMUTABLE", image_scanning_configuration: { scan_on_push: true } };
    expect(verdict(rule, repository(config), "aws_ecr_repository.Repo")).toEqual({ status: "compliant" });
  });
  test("non-compliant: defaults (mutable, not scanned)", () => {
    expect(verdict(rule, repository({}), "aws_ecr_repository.Repo")).toEqual({
      status: "non-compliant",
      detail: "image_tag_mutability is unset (MUTABLE); scan_on_push is not true",
    });
  });
  test("non-compliant: scanning off", () => {
    const config = { image_tag_mutability: "IMMUTABLE", image_scanning_configuration: [{ scan_on_push: false }] };
    expect(verdict(rule, repository(config), "aws_ecr_repository.Repo")).toEqual({
      status: "non-compliant",
      detail: "scan_on_push is not true",
    });
  });
});
