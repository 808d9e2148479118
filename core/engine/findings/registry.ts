import { accessKeyNotRotated } from "./access-key-not-rotated.js";
import { consoleWithoutMfa } from "./console-without-mfa.js";
import type { Detector } from "./context.js";
import { multipleActiveAccessKeys } from "./multiple-active-access-keys.js";
import { adminAccess } from "./permissive/admin-access.js";
import { credentialsExposure } from "./permissive/credentials-exposure.js";
import { dataExfiltration } from "./permissive/data-exfiltration.js";
import { infrastructureModification } from "./permissive/infrastructure-modification.js";
import { inlinePolicy } from "./permissive/inline-policy.js";
import { notActionAllow } from "./permissive/not-action-allow.js";
import { notResourceAllow } from "./permissive/not-resource-allow.js";
import { passRoleOnEveryRole } from "./permissive/pass-role-wildcard.js";
import { privilegeEscalation } from "./permissive/privilege-escalation.js";
import { resourceExposure } from "./permissive/resource-exposure.js";
import { resourceWildcard } from "./permissive/resource-wildcard.js";
import { serviceWildcard } from "./permissive/service-wildcard.js";
import { trustAnyPrincipal } from "./permissive/trust-any-principal.js";
import { trustCrossAccountNoExternalId } from "./permissive/trust-cross-account-no-external-id.js";
import { trustOidcNoSubject } from "./permissive/trust-oidc-no-subject.js";
import { trustSamlNoAudience } from "./permissive/trust-saml-no-audience.js";
import { policyInvalid } from "./policy-invalid.js";
import { policyWarning } from "./policy-warning.js";
import { recommendationUnproven } from "./recommendation-unproven.js";
import { rootAccessKey } from "./root-access-key.js";
import { rootRecentlyUsed } from "./root-recently-used.js";
import { unusedAccessKey } from "./unused-access-key.js";
import { unusedAction } from "./unused-action.js";
import { unusedPassword } from "./unused-password.js";
import { unusedRole } from "./unused-role.js";
import { unusedService } from "./unused-service.js";
import { unusedUser } from "./unused-user.js";
import { weakPasswordPolicy } from "./weak-password-policy.js";

/**
 * Every detector of the run, one per finding kind (PMapper's explicit map of checkers): adding one
 * is one file and one line here. A guard test keeps it equal to the kind table and FINDING_KINDS.
 */
export const DETECTORS: readonly Detector[] = [
  // Identities and credentials.
  unusedRole,
  unusedUser,
  unusedPassword,
  unusedAccessKey,
  accessKeyNotRotated,
  multipleActiveAccessKeys,
  consoleWithoutMfa,
  rootAccessKey,
  rootRecentlyUsed,
  weakPasswordPolicy,
  // Permissions, from CloudTrail activity.
  unusedService,
  unusedAction,
  // Permissions, from policies.
  adminAccess,
  serviceWildcard,
  resourceWildcard,
  notActionAllow,
  notResourceAllow,
  passRoleOnEveryRole,
  inlinePolicy,
  privilegeEscalation,
  dataExfiltration,
  resourceExposure,
  credentialsExposure,
  infrastructureModification,
  // Trust.
  trustAnyPrincipal,
  trustCrossAccountNoExternalId,
  trustOidcNoSubject,
  trustSamlNoAudience,
  // Policy documents and recommendations.
  policyInvalid,
  policyWarning,
  recommendationUnproven,
];
