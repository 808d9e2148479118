import type { SSTConfig } from "sst";
import { deploymentSettings } from "./stacks/settings.js";
import { whittle } from "./stacks/Whittle.js";

/** SST v2 (CDK). Settings come from WHITTLE_* environment variables; see docs/deploy.md. */
export default {
  config() {
    return { name: "whittle", region: process.env.AWS_REGION ?? "us-east-1" };
  },
  stacks(app) {
    app.stack(whittle(deploymentSettings(process.env)));
  },
} satisfies SSTConfig;
