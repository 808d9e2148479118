import { actionClassDetector, classSet, idsOf } from "./action-class.js";
import { DATA_EXFILTRATION } from "./action-classes.js";

/** Reading objects, parameters and secrets on every resource. */
export const dataExfiltration = actionClassDetector(
  "data-exfiltration",
  "read stored data and secrets",
  (ctx) => classSet(ctx.catalog, "data-exfiltration", () => idsOf(ctx.catalog, DATA_EXFILTRATION)),
);
