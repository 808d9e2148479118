import { actionClassDetector, classSet, idsOf } from "./action-class-detector.js";
import { RESOURCE_EXPOSURE } from "./risky-actions.js";

/** Actions that change resource policies and sharing, opening resources to others. */
export const resourceExposure = actionClassDetector(
  "resource-exposure",
  "change who can reach resources",
  (ctx) => classSet(ctx.catalog, "resource-exposure", () => idsOf(ctx.catalog, RESOURCE_EXPOSURE)),
);
