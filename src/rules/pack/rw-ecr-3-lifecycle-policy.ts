import { COMPLIANT, nonCompliant, Resource, Rule } from "../types";

/** Whether a lifecycle policy's `repository` names this repository (by reference or the same literal name). */
const isFor = (repository: Resource) => (policy: Resource) => {
  const ref = policy.config.repository;
  return (
    ref === `\${${repository.address}.name}` ||
    ref === `\${${repository.address}.id}` ||
    (typeof repository.config.name === "string" && ref === repository.config.name)
  );
};

/** Every repository has a lifecycle policy that bounds how many images it keeps. */
export const rule: Rule = {
  id: "RW-ECR-3",
  title: "ECR repository has a lifecycle policy",
  message: "add an aws_ecr_lifecycle_policy for the repository that expires untagged and old images (ImageRepository does)",
  source: "AWS FSBP ECR.3",
  resourceTypes: ["aws_ecr_repository"],
  check: (repository, stack) =>
    stack.resources("aws_ecr_lifecycle_policy").some(isFor(repository)) ? COMPLIANT : nonCompliant("no lifecycle policy"),
};
