import { COMPLIANT, Json, nonCompliant, Rule } from "../types";

/** Node launch templates require IMDSv2 tokens and keep them on the instance (hop limit 1, so pods cannot reach the node role). */
export const rule: Rule = {
  id: "RW-EC2-1",
  title: "Launch template requires IMDSv2 with hop limit 1",
  message: 'set metadata_options http_tokens = "required" and http_put_response_hop_limit = 1 on the launch template',
  source: "Checkov CKV_AWS_79; AWS Config ec2-launch-template-imdsv2-check; AWS Control Tower CT.EC2.PR.1, CT.EC2.PR.2",
  resourceTypes: ["aws_launch_template"],
  check: (template) => {
    const options: Json | undefined = [template.config.metadata_options].flat().find((o) => o && typeof o === "object");
    if (!options) return nonCompliant("no metadata_options");
    const problems: string[] = [];
    if (options.http_tokens !== "required") problems.push(`http_tokens is ${options.http_tokens ?? "unset"}`);
    if (Number(options.http_put_response_hop_limit) !== 1)
      problems.push(`http_put_response_hop_limit is ${options.http_put_response_hop_limit ?? "unset"}`);
    return problems.length === 0 ? COMPLIANT : nonCompliant(problems.join(", "));
  },
};
