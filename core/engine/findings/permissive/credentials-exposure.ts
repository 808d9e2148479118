import { actionClassDetector, classSet, idsOf } from "./action-class-detector.js";
import { CREDENTIALS_EXPOSURE } from "./risky-actions.js";

/** Actions that hand out credentials, tokens or passwords. */
export const credentialsExposure = actionClassDetector("credentials-exposure", "obtain credentials", (ctx) =>
  classSet(ctx.catalog, "credentials-exposure", () => idsOf(ctx.catalog, CREDENTIALS_EXPOSURE)),
);
