import { actionReach } from "./checks/action-reach.js";
import { arnFormat } from "./checks/arn-format.js";
import { conditionKeys } from "./checks/condition-keys.js";
import { conditionOperatorTypes } from "./checks/condition-operators.js";
import { conditionValues } from "./checks/condition-values.js";
import { mfaCondition } from "./checks/mfa-condition.js";
import { notPrincipalAllow } from "./checks/not-principal-allow.js";
import { oldVersion } from "./checks/old-version.js";
import { passRoleWildcard } from "./checks/pass-role-wildcard.js";
import { policySize } from "./checks/policy-size.js";
import { redundantActions } from "./checks/redundant-actions.js";
import { redundantResources } from "./checks/redundant-resources.js";
import { resourceMismatch } from "./checks/resource-mismatch.js";
import { resourceStar } from "./checks/resource-star.js";
import { statementIds } from "./checks/statement-ids.js";
import { unknownActions } from "./checks/unknown-actions.js";
import type { LintCheck } from "./context.js";

/** Every semantic check, in report order. Adding a check is one file and one line here. */
export const LINT_CHECKS: readonly LintCheck[] = [
  policySize,
  oldVersion,
  statementIds,
  unknownActions,
  redundantActions,
  notPrincipalAllow,
  passRoleWildcard,
  resourceStar,
  arnFormat,
  resourceMismatch,
  actionReach,
  redundantResources,
  conditionKeys,
  conditionOperatorTypes,
  conditionValues,
  mfaCondition,
];
