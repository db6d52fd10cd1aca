import { rule } from "../../src/rules/pack/rw-ec2-1-imdsv2";
import { verdict } from "../support/rules";

const template = (metadata_options?: Record<string, unknown>) => ({
  resource: { aws_launch_template: { Nodes: { name: "nodes", ...(metadata_options ? { metadata_options } : {}) } } },
});
const at = "aws_launch_template.Nodes";

describe("RW-EC2-1 Launch template requires IMDSv2 with hop limit 1", () => {
  test("compliant: tokens required, hop limit 1", () => {
    expect(verdict(rule, template({ http_endpoint: "enabled", http_tokens: "required", http_put_response_hop_limit: 1 }), at)).toEqual({
      status: "compliant",
    });
  });
  test("non-compliant: no metadata_options", () => {
    expect(verdict(rule, template(), at)).toEqual({ status: "non-compliant", detail: "no metadata_options" });
  });
  test("non-compliant: optional tokens and hop limit 2", () => {
    expect(verdict(rule, template({ http_tokens: "optional", http_put_response_hop_limit: 2 }), at)).toEqual({
      status: "non-compliant",
      detail: "http_tokens is optional, http_put_response_hop_limit is 2",
    });
  });
  test("non-compliant: hop limit left to the AMI", () => {
    expect(verdict(rule, template({ http_tokens: "required" }), at)).toEqual({
      status: "non-compliant",
      detail: "http_put_response_hop_limit is unset",
    });
  });
});
