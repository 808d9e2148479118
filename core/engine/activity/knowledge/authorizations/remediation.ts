import type { ServiceAuthorizations } from "./types.js";

const CONFIG = "https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsconfig.html";

/**
 * A Config rule's remediation runs its SSM document as the role the remediation configuration
 * holds, set earlier by PutRemediationConfigurations. StartRemediationExecution names the rule
 * and its resources alone, yet the Service Authorization Reference lists iam:PassRole as its
 * dependent action: the role passed is one the record cannot name, kept as granted today.
 */
export const CONFIG_AUTHORIZATIONS: ServiceAuthorizations = {
  service: "config",
  events: [
    {
      event: "StartRemediationExecution",
      actions: [{ action: "config:StartRemediationExecution" }, { action: "iam:PassRole", inferred: true }],
      why: "runs a rule's remediation as the role its configuration holds, which the record does not name",
      source: CONFIG,
    },
  ],
};
