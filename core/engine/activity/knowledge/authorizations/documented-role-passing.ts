import { documentedDependents } from "../documented-dependents.js";

/** By action key as the catalog spells it: asked once per call recorded. */
const answered = new Map<string, boolean>();

/**
 * Whether the Service Authorization Reference lists iam:PassRole among the dependent actions of a
 * call (`service:Action`, any case): AWS checks it inside the call for the role the call hands the
 * service. Each service names that role its own way (DMS's `SecretsManagerAccessRoleArn`, RDS's
 * `S3IngestionRoleArn` and `IamRoleArn`, Transfer Family's `LoggingRole`, OpenSearch Ingestion's
 * `PipelineRoleArn`), so in these calls any key naming a role that holds a role ARN passes it:
 * the role scan need not know each name for iam:PassRole to stay on the role seen passed.
 * https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html
 */
export function documentedRolePassing(actionKey: string): boolean {
  let known = answered.get(actionKey);
  if (known === undefined) {
    known = documentedDependents().get(actionKey.toLowerCase())?.includes("iam:PassRole") ?? false;
    // Keys are catalog actions; made-up ones are not worth remembering forever.
    if (answered.size < 4096) answered.set(actionKey, known);
  }
  return known;
}
