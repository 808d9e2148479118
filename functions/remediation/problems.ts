import {
  ApplyFailedError,
  ChangeExistsError,
  PlanDriftError,
  PlanInputError,
  PlanNotFoundError,
  RollbackError,
  RollbackRefusedError,
  UnfinishedChangeError,
} from "../../core/aws/plan-errors.js";
import {
  ChangeConflictError,
  ChangeNotFoundError,
  PlanNotApprovedError,
} from "../../core/aws/stores/index.js";
import { BackupInvalidError, BackupNotFoundError } from "../../core/engine/plans/change.js";
import { logger } from "../middleware.js";
import type { Problem } from "../problem.js";

/** Remediation's typed errors as problems; undefined for any other error. */
export function remediationProblem(error: unknown): Problem | undefined {
  if (error instanceof UnfinishedChangeError)
    return {
      title: "An earlier change is unfinished",
      status: 409,
      detail: error.message,
      differences: error.differences,
      changeId: error.changeId,
    };
  if (error instanceof PlanDriftError)
    return {
      title: "The account changed since the audit",
      status: 409,
      detail: error.message,
      differences: error.differences,
    };
  if (error instanceof ChangeExistsError)
    return { title: "Conflict", status: 409, detail: error.message, changeId: error.changeId };
  if (error instanceof PlanNotApprovedError)
    return { title: "Not approved", status: 409, detail: error.message };
  if (error instanceof ChangeConflictError) return { title: "Conflict", status: 409, detail: error.message };
  if (error instanceof PlanNotFoundError || error instanceof ChangeNotFoundError)
    return { title: "Not found", status: 404, detail: error.message };
  if (error instanceof PlanInputError) return { title: "Cannot apply", status: 422, detail: error.message };
  // Read before any write: IAM is untouched, and the rollback can be tried once the backup is mended.
  if (error instanceof BackupInvalidError || error instanceof BackupNotFoundError)
    return { title: "Cannot roll back", status: 422, detail: error.message };
  // Refused before any write: IAM and the change are as they were.
  if (error instanceof RollbackRefusedError)
    return { title: "Cannot roll back", status: 409, detail: error.message };
  if (error instanceof ApplyFailedError || error instanceof RollbackError) {
    logger.error("change failed", { error });
    const rolledBack = error instanceof ApplyFailedError ? { rolledBack: error.rolledBack } : {};
    return { title: "Change failed", status: 500, detail: error.message, ...rolledBack };
  }
  return undefined;
}
