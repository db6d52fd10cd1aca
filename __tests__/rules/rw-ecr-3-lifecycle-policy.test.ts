import { rule } from "../../src/rules/pack/rw-ecr-3-lifecycle-policy";
import { verdict } from "../support/rules";

const repositories = { aws_ecr_repository: { Repo: { name: "road-warrior/dev/app" }, Other: { name: "road-warrior/dev/other" } } };
const lifecycle = (repository: string) => ({ aws_ecr_lifecycle_policy: { RepoLifecycle: { repository, policy: '{"rules":[]}' } } });

describe("RW-ECR-3 ECR repository has a lifecycle policy", () => {
  test.each(["${aws_ecr_repository.Repo.name}", "road-warrior/dev/app"])("compliant: policy for the repository via %s", (ref) => {
    expect(verdict(rule, { resource: { ...repositories, ...lifecycle(ref) } }, "aws_ecr_repository.Repo")).toEqual({ status: "compliant" });
  });
  test("non-compliant: no lifecycle policy for this repository", () => {
    expect(
      verdict(rule, { resource: { ...repositories, ...lifecycle("${aws_ecr_repository.Repo.name}") } }, "aws_ecr_repository.Other"),
    ).toEqual({
      status: "non-compliant",
      detail: "no lifecycle policy",
    });
  });
});
