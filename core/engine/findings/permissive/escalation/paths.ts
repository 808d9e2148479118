import { COMPUTE_PATHS } from "./compute-paths.js";
import { IAM_PATHS } from "./iam-paths.js";
import { SERVICE_PATHS } from "./service-paths.js";
import type { EscalationPath } from "./types.js";

/**
 * Every known escalation path. sts:AssumeRole alone (pathfinding's sts-001) is not here: whether a
 * role can be assumed depends on its trust policy, which the transitive analysis reads.
 */
export const ESCALATION_PATHS: readonly EscalationPath[] = [...IAM_PATHS, ...COMPUTE_PATHS, ...SERVICE_PATHS];
