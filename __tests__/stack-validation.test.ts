import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformStack, Testing } from "cdktf";
import { validateStacks } from "../src/stack-validation";

describe("stack validation at synth (src/stack-validation.ts)", () => {
  test("a resource whose provider its stack does not configure is reported, naming the stack and the provider", () => {
    const app = Testing.app();
    new S3Bucket(new TerraformStack(app, "orphan"), "Bucket", { bucket: "b" });
    const configured = new TerraformStack(app, "configured");
    new AwsProvider(configured, "aws", { region: "eu-central-1" });
    new S3Bucket(configured, "Bucket", { bucket: "c" });
    const errors = validateStacks(app);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^\[orphan\] .*aws/);
  });
});
