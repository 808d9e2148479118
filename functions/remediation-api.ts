import { apply, approve, getChange, listChanges, rollback } from "./remediation/routes.js";
import { defaultRemediation } from "./remediation/runtime.js";
import { createRouter } from "./router.js";

/**
 * The remediation routes, served by their own function whose role alone may write IAM; deployed
 * only when remediation is enabled (stacks/remediation.ts declares the same keys).
 */
export const REMEDIATION_HANDLERS = {
  "POST /accounts/{accountId}/audits/{id}/plans/{planId}/approval": approve,
  "POST /accounts/{accountId}/audits/{id}/plans/{planId}/apply": apply,
  "GET /accounts/{accountId}/changes": listChanges,
  "GET /accounts/{accountId}/changes/{changeId}": getChange,
  "POST /accounts/{accountId}/changes/{changeId}/rollback": rollback,
};

export const handler = createRouter(defaultRemediation, REMEDIATION_HANDLERS);
