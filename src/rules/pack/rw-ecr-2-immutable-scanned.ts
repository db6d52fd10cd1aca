import { COMPLIANT, nonCompliant, Rule } from "../types";
import { asList } from "../../synthesized/json";

const blocks = asList;

/** Every repository has immutable tags and scans images on push. */
export const rule: Rule = {
  id: "RW-ECR-2",
  title: "ECR tags immutable and images scanned on push",
  message:
    "set image_tag_mutability = IMMUTABLE " +
    "and image_scanning_configuration { scan_on_push = true } on the repository (ImageRepository does)",
  source: "Checkov CKV_AWS_51, CKV_AWS_163; Trivy AVD-AWS-0031, AVD-AWS-0030; AWS FSBP ECR.1, ECR.2",
  resourceTypes: ["aws_ecr_repository"],
  check: (repository) => {
    const problems: string[] = [];
    if (repository.config.image_tag_mutability !== "IMMUTABLE")
      problems.push(`image_tag_mutability is ${repository.config.image_tag_mutability ?? "unset (MUTABLE)"}`);
    if (!blocks(repository.config.image_scanning_configuration).some((c) => c.scan_on_push === true))
      problems.push("scan_on_push is not true");
    return problems.length === 0 ? COMPLIANT : nonCompliant(problems.join("; "));
  },
};
