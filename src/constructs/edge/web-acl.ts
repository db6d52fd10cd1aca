import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { Wafv2WebAcl, Wafv2WebAclRule } from "@cdktf/provider-aws/lib/wafv2-web-acl";
import { Wafv2WebAclLoggingConfiguration } from "@cdktf/provider-aws/lib/wafv2-web-acl-logging-configuration";
import { Construct } from "constructs";

/** AWS managed rule groups in front of the ALB, in evaluation order. */

/** Request headers WAF logging redacts (lowercase, as WAF matches them): they carry session credentials. */
export const WAF_REDACTED_HEADERS = ["authorization", "cookie"];

export const MANAGED_RULE_GROUPS = [
  "AWSManagedRulesAmazonIpReputationList",
  "AWSManagedRulesCommonRuleSet",
  "AWSManagedRulesKnownBadInputsRuleSet",
  "AWSManagedRulesSQLiRuleSet",
];

export interface WebAclProps {
  readonly name: string;
  /** Requests per 5 minutes from one IP before it is blocked. @default 2000 */
  readonly rateLimitPer5Minutes?: number;
  /** Retention of the WAF log group in days. The environment file owns the default (`cluster.logRetentionDays`). */
  readonly logRetentionDays: number;
  /** Key for the WAF log group. */
  readonly kmsKeyArn: string;
  /** Terraform refuses any plan that destroys the log group (production: it holds the logs). @default false */
  readonly preventDestroy?: boolean;
}

/** A regional WAFv2 web ACL for the ALB: AWS managed rule groups, a per-IP rate limit, and logs. */
export class WebAcl extends Construct {
  public readonly acl: Wafv2WebAcl;

  constructor(scope: Construct, id: string, props: WebAclProps) {
    super(scope, id);
    const visibility = (metricName: string) => ({ cloudwatchMetricsEnabled: true, metricName, sampledRequestsEnabled: true });
    const rules: Wafv2WebAclRule[] = MANAGED_RULE_GROUPS.map((name, priority) => ({
      name,
      priority,
      overrideAction: { none: {} },
      // The binding types `statement` as `any` and passes it through as is: Terraform's own snake_case names.
      statement: { managed_rule_group_statement: { name, vendor_name: "AWS" } },
      visibilityConfig: visibility(name),
    }));
    rules.push({
      name: "RateLimitPerIp",
      priority: MANAGED_RULE_GROUPS.length,
      action: { block: {} },
      statement: { rate_based_statement: { limit: props.rateLimitPer5Minutes ?? 2000, aggregate_key_type: "IP" } },
      visibilityConfig: visibility("RateLimitPerIp"),
    });
    this.acl = new Wafv2WebAcl(this, "Default", {
      name: props.name,
      description: `Managed rule groups and a rate limit in front of ${props.name}`,
      scope: "REGIONAL",
      defaultAction: { allow: {} },
      rule: rules,
      visibilityConfig: visibility(props.name),
    });
    // WAF only logs to groups whose name starts with aws-waf-logs-.
    const logs = new CloudwatchLogGroup(this, "LogGroup", {
      name: `aws-waf-logs-${props.name}`,
      retentionInDays: props.logRetentionDays,
      kmsKeyId: props.kmsKeyArn,
      lifecycle: props.preventDestroy ? { preventDestroy: true } : undefined,
    });
    // Credentials never reach the logs: WAF writes these headers as REDACTED.
    new Wafv2WebAclLoggingConfiguration(this, "Logging", {
      resourceArn: this.acl.arn,
      logDestinationConfigs: [logs.arn],
      redactedFields: WAF_REDACTED_HEADERS.map((name) => ({ singleHeader: { name } })),
    });
  }
}
