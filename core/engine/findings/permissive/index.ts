export type { PermissiveContext } from "./context.js";
export { ESCALATION_PATHS } from "./escalation/paths.js";
export type { EscalationPath, Requirement, Target } from "./escalation/types.js";
