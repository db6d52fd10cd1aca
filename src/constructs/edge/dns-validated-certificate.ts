import { AcmCertificate } from "@cdktf/provider-aws/lib/acm-certificate";
import { AcmCertificateValidation } from "@cdktf/provider-aws/lib/acm-certificate-validation";
import { Route53Record } from "@cdktf/provider-aws/lib/route53-record";
import { Construct } from "constructs";

export interface DnsValidatedCertificateProps {
  readonly domainName: string;
  /** Public hosted zone holding `domainName`. */
  readonly hostedZoneId: string;
}

/** An ACM certificate validated through a record in Route 53; `arn` is usable once validation completed. */
export class DnsValidatedCertificate extends Construct {
  /** ARN of the validated certificate (waits for validation). */
  public readonly arn: string;

  constructor(scope: Construct, id: string, props: DnsValidatedCertificateProps) {
    super(scope, id);
    const certificate = new AcmCertificate(this, "Default", {
      domainName: props.domainName,
      validationMethod: "DNS",
      keyAlgorithm: "EC_prime256v1",
      lifecycle: { createBeforeDestroy: true },
    });
    const option = certificate.domainValidationOptions.get(0);
    const record = new Route53Record(this, "ValidationRecord", {
      zoneId: props.hostedZoneId,
      name: option.resourceRecordName,
      type: option.resourceRecordType,
      records: [option.resourceRecordValue],
      ttl: 300,
      allowOverwrite: true,
    });
    const validation = new AcmCertificateValidation(this, "Validation", {
      certificateArn: certificate.arn,
      validationRecordFqdns: [record.fqdn],
    });
    this.arn = validation.certificateArn;
  }
}
