/**
 * CloudTrail eventSource → IAM service prefix, where they differ. Every other source
 * `<name>.amazonaws.com` is the service `<name>` when the catalog knows that prefix.
 *
 * Derived from iann0036/iam-dataset `aws/map.json` ("service_cloudtrail_mappings", commit
 * cf9b6c5d6e5e2dfcae08db832ee3d2472e1f1712), as copied in test/data/iam-dataset/
 * cloudtrail-service-mappings.json. MIT licence, copyright (c) Ian Mckay; a sync test checks this
 * table against that file.
 */
export const EVENT_SOURCE_PREFIXES: Readonly<Record<string, string>> = {
  "agreement-marketplace.amazonaws.com": "aws-marketplace",
  "amazonmq.amazonaws.com": "mq",
  "application-insights.amazonaws.com": "applicationinsights",
  "billingconsole.amazonaws.com": "billing",
  "chime-sdk-media-pipelines.amazonaws.com": "chime",
  "chime-sdk-voice.amazonaws.com": "chime",
  "cloudcontrolapi.amazonaws.com": "cloudformation",
  "contact-lens.amazonaws.com": "connect",
  "discovery-marketplace.amazonaws.com": "aws-marketplace",
  "management-marketplace.amazonaws.com": "aws-marketplace-management",
  "marketplacecatalog.amazonaws.com": "aws-marketplace",
  "migrationhub.amazonaws.com": "mgh",
  "monitoring.amazonaws.com": "cloudwatch",
  "opensearchservice.amazonaws.com": "es",
  "participant-connect.amazonaws.com": "connect",
  "pinpoint.amazonaws.com": "mobiletargeting",
  "pricelist.amazonaws.com": "pricing",
  "qconnect.amazonaws.com": "wisdom",
  "rdsdata.amazonaws.com": "rds-data",
  "reporting-marketplace.amazonaws.com": "aws-marketplace",
  "servicecatalog-appregistry.amazonaws.com": "servicecatalog",
  "tagging.amazonaws.com": "tag",
  "taxconsole.amazonaws.com": "tax",
  "transcribestreaming.amazonaws.com": "transcribe",
};

const SUFFIX = ".amazonaws.com";

/** The IAM prefix CloudTrail's eventSource stands for, or undefined when it names no service. */
export function servicePrefix(
  eventSource: string,
  hasService: (prefix: string) => boolean,
): string | undefined {
  if (Object.hasOwn(EVENT_SOURCE_PREFIXES, eventSource)) return EVENT_SOURCE_PREFIXES[eventSource];
  if (!eventSource.endsWith(SUFFIX)) return undefined;
  const name = eventSource.slice(0, -SUFFIX.length);
  return hasService(name) ? name : undefined;
}
