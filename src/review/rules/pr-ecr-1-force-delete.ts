import type { UpdateRule } from "./types";
import { turnedOn } from "./values";

/** ECR force_delete turned on. */
export const rule: UpdateRule = {
  id: "PR-ECR-1",
  title: "ECR force_delete turned on",
  types: ["aws_ecr_repository"],
  reason: "Terraform then deletes every image to destroy the repository",
  check: turnedOn(["force_delete"], true, "a destroy (or replacement) of the repository deletes every image in it instead of failing"),
};
