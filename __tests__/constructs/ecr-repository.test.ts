import { ImageRepository, ImageRepositoryProps } from "../../src/constructs/storage/ecr-repository";
import { Json, one, synthConstruct } from "../support/constructs";

const KEY = "arn:aws:kms:eu-central-1:111111111111:key/data";
const BASE: ImageRepositoryProps = {
  repositoryName: "road-warrior/dev/trips-api",
  kmsKeyArn: KEY,
  untaggedExpirationDays: 7,
  throwawayTagPrefixes: ["pr-", "tmp-"],
  throwawayExpirationDays: 14,
  forceDelete: false,
};

function repository(props: Partial<ImageRepositoryProps> = {}): Json {
  return synthConstruct((scope) => {
    new ImageRepository(scope, "Repository", { ...BASE, ...props });
  });
}
const rulesOf = (json: Json): Json[] => JSON.parse(one(json, "aws_ecr_lifecycle_policy").policy).rules;

describe("ImageRepository", () => {
  const json = repository();

  test("immutable tags, scan on push, encrypted with our key", () => {
    expect(one(json, "aws_ecr_repository")).toMatchObject({
      name: "road-warrior/dev/trips-api",
      image_tag_mutability: "IMMUTABLE",
      image_scanning_configuration: { scan_on_push: true },
      encryption_configuration: [{ encryption_type: "KMS", kms_key: KEY }],
    });
  });

  test("data safety as given: force_delete and prevent_destroy", () => {
    expect(one(json, "aws_ecr_repository").force_delete).toBe(false);
    expect(one(json, "aws_ecr_repository").lifecycle).toBeUndefined();
    expect(one(repository({ forceDelete: true }), "aws_ecr_repository").force_delete).toBe(true);
    expect(one(repository({ preventDestroy: true }), "aws_ecr_repository").lifecycle).toEqual({ prevent_destroy: true });
  });

  test("untagged images expire after the given days", () => {
    expect(rulesOf(repository({ untaggedExpirationDays: 3 }))[0]).toEqual({
      rulePriority: 1,
      description: "Expire untagged images",
      selection: { tagStatus: "untagged", countType: "sinceImagePushed", countUnit: "days", countNumber: 3 },
      action: { type: "expire" },
    });
  });

  test("one rule per throwaway prefix (ECR matches a tagPrefixList only when an image has every prefix), after the given days", () => {
    const rules = rulesOf(repository({ throwawayExpirationDays: 5 }));
    expect(rules.slice(1).map((r) => [r.rulePriority, r.selection])).toEqual([
      [2, { tagStatus: "tagged", tagPrefixList: ["pr-"], countType: "sinceImagePushed", countUnit: "days", countNumber: 5 }],
      [3, { tagStatus: "tagged", tagPrefixList: ["tmp-"], countType: "sinceImagePushed", countUnit: "days", countNumber: 5 }],
    ]);
  });

  test("a release is never selected: no rule matches any tag, or tagged images without a prefix, or keeps a count", () => {
    for (const prefixes of [[], ["pr-"], ["pr-", "tmp-", "exp-"]]) {
      const rules = rulesOf(repository({ throwawayTagPrefixes: prefixes }));
      expect(rules).toHaveLength(1 + prefixes.length);
      for (const { selection } of rules) {
        expect(selection.tagStatus).not.toBe("any");
        if (selection.tagStatus === "tagged") expect(selection.tagPrefixList).toHaveLength(1);
        expect(selection.countType).toBe("sinceImagePushed");
      }
    }
  });

  test("an empty prefix list expires untagged images only", () => {
    expect(rulesOf(repository({ throwawayTagPrefixes: [] })).map((r) => r.selection.tagStatus)).toEqual(["untagged"]);
  });
});
