import { memberRoleTemplate } from "./member-role.js";
import { deploymentSettings } from "./settings.js";

// `npm run member-role`: the member role template for the deployment settings in the environment.
process.stdout.write(`${JSON.stringify(memberRoleTemplate(deploymentSettings(process.env)), null, 2)}\n`);
