import type { UpdateRule } from "./types";
import { turnedOff } from "./values";

/** ECR tags made mutable. */
export const rule: UpdateRule = {
  id: "PR-ECR-3",
  title: "ECR tags made mutable",
  types: ["aws_ecr_repository"],
  reason: "a push can then overwrite a tag a Deployment or rollback pins, and the old image is lost to it",
  check: turnedOff(
    ["image_tag_mutability"],
    "IMMUTABLE",
    "a push can overwrite a released tag: the image a Deployment or rollback pins is replaced",
  ),
};
