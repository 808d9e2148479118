import { actionClassDetector, classSet, idsOf } from "./action-class-detector.js";
import { DATA_EXFILTRATION } from "./risky-actions.js";

/** Reading objects, parameters and secrets on every resource. */
export const dataExfiltration = actionClassDetector(
  "data-exfiltration",
  "read stored data and secrets",
  (ctx) => classSet(ctx.catalog, "data-exfiltration", () => idsOf(ctx.catalog, DATA_EXFILTRATION)),
);
