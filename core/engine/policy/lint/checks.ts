import { actionReach } from "./checks/action-reach.js";
import { arnFormat } from "./checks/arn-format.js";
import { arnService } from "./checks/arn-service.js";
import { conditionKeyCase } from "./checks/condition-key-case.js";
import { conditionKeyNames } from "./checks/condition-key-names.js";
import { conditionKeys } from "./checks/condition-keys.js";
import { conditionOperatorTypes } from "./checks/condition-operators.js";
import { conditionValueShapes } from "./checks/condition-value-shapes.js";
import { conditionValues } from "./checks/condition-values.js";
import { emptyConditions } from "./checks/empty-conditions.js";
import { mfaCondition } from "./checks/mfa-condition.js";
import { networkIds } from "./checks/network-ids.js";
import { notPrincipalAllow } from "./checks/not-principal-allow.js";
import { oidcConditions } from "./checks/oidc-conditions.js";
import { oldVersion } from "./checks/old-version.js";
import { policySize } from "./checks/policy-size.js";
import { principalValues } from "./checks/principal-values.js";
import { redundantActions } from "./checks/redundant-actions.js";
import { redundantNumericValues } from "./checks/redundant-numeric-values.js";
import { redundantPrincipal } from "./checks/redundant-principal.js";
import { redundantResources } from "./checks/redundant-resources.js";
import { redundantStatements } from "./checks/redundant-statements.js";
import { resourceMismatch } from "./checks/resource-mismatch.js";
import { resourceStar } from "./checks/resource-star.js";
import { roleWildcards } from "./checks/role-wildcards.js";
import { servicePrincipalSource } from "./checks/service-principal-source.js";
import { setQualifiers } from "./checks/set-qualifiers.js";
import { sourceIp } from "./checks/source-ip.js";
import { statementIds } from "./checks/statement-ids.js";
import { tagKeySupport } from "./checks/tag-key-support.js";
import { trustActions } from "./checks/trust-actions.js";
import { unknownActions } from "./checks/unknown-actions.js";
import { variables } from "./checks/variables.js";
import { wildcardInService } from "./checks/wildcard-in-service.js";
import type { LintCheck } from "./context.js";

/** Every semantic check, in report order. Adding a check is one file and one line here. */
export const LINT_CHECKS: readonly LintCheck[] = [
  policySize,
  oldVersion,
  variables,
  statementIds,
  redundantStatements,
  principalValues,
  redundantPrincipal,
  notPrincipalAllow,
  servicePrincipalSource,
  trustActions,
  oidcConditions,
  unknownActions,
  wildcardInService,
  redundantActions,
  roleWildcards,
  resourceStar,
  arnFormat,
  arnService,
  resourceMismatch,
  actionReach,
  redundantResources,
  conditionKeyNames,
  conditionKeyCase,
  conditionKeys,
  setQualifiers,
  tagKeySupport,
  conditionOperatorTypes,
  conditionValues,
  conditionValueShapes,
  emptyConditions,
  redundantNumericValues,
  sourceIp,
  networkIds,
  mfaCondition,
];
