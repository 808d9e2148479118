import { AccountPermissions } from "../../account/permissions.js";
import type { Catalog } from "../../catalog/catalog.js";
import type { Snapshot } from "../../snapshot/model.js";
import type { Finding } from "../types.js";
import { adminAccess } from "./admin-access.js";
import type { PermissiveContext, PermissiveDetector } from "./context.js";
import { credentialsExposure } from "./credentials-exposure.js";
import { dataExfiltration } from "./data-exfiltration.js";
import { infrastructureModification } from "./infrastructure-modification.js";
import { inlinePolicy } from "./inline-policy.js";
import { notActionAllow } from "./not-action-allow.js";
import { notResourceAllow } from "./not-resource-allow.js";
import { passRoleWildcard } from "./pass-role-wildcard.js";
import { privilegeEscalation } from "./privilege-escalation.js";
import { resourceExposure } from "./resource-exposure.js";
import { resourceWildcard } from "./resource-wildcard.js";
import { serviceWildcard } from "./service-wildcard.js";
import { trustAnyPrincipal } from "./trust-any-principal.js";
import { trustCrossAccountNoExternalId } from "./trust-cross-account-no-external-id.js";
import { trustOidcNoSubject } from "./trust-oidc-no-subject.js";

/** The permission and trust detectors; adding one is one file and one line here. */
export const PERMISSIVE_DETECTORS: readonly PermissiveDetector[] = [
  adminAccess,
  serviceWildcard,
  resourceWildcard,
  notActionAllow,
  notResourceAllow,
  passRoleWildcard,
  inlinePolicy,
  privilegeEscalation,
  dataExfiltration,
  resourceExposure,
  credentialsExposure,
  infrastructureModification,
  trustAnyPrincipal,
  trustCrossAccountNoExternalId,
  trustOidcNoSubject,
];

export function permissiveContext(catalog: Catalog, snapshot: Snapshot): PermissiveContext {
  return { catalog, snapshot, account: new AccountPermissions(catalog, snapshot) };
}

export interface PermissiveResult {
  findings: Finding[];
  /** Detectors that failed on a principal, in words: the rest of the run is unaffected. */
  warnings: string[];
}

/**
 * Runs every detector on every user, role and group. A detector that throws on one principal
 * becomes a warning naming both (as parliament turns a crashing auditor into a finding), never a
 * crashed audit.
 */
export function detectPermissive(
  ctx: PermissiveContext,
  detectors: readonly PermissiveDetector[] = PERMISSIVE_DETECTORS,
): PermissiveResult {
  const findings: Finding[] = [];
  const warnings: string[] = [];
  for (const subject of ctx.account.all()) {
    for (const detector of detectors) {
      try {
        findings.push(...detector.detect(ctx, subject));
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        warnings.push(`detector ${detector.kind} failed on ${subject.principal.arn}: ${message}`);
      }
    }
  }
  return { findings, warnings };
}
