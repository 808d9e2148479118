export type { PermissiveContext, PermissiveDetector } from "./context.js";
export {
  detectPermissive,
  PERMISSIVE_DETECTORS,
  type PermissiveResult,
  permissiveContext,
} from "./detectors.js";
export { ESCALATION_PATHS } from "./escalation/paths.js";
export type { EscalationPath, Requirement, Target } from "./escalation/types.js";
export { applyExclusions, type ExclusionRule, type Exclusions, exclusionsSchema } from "./exclusions.js";
export { PERMISSIVE_KINDS, type PermissiveKind } from "./kinds.js";
