import { Template } from "aws-cdk-lib/assertions";
import { App, getStack } from "sst/constructs";
import { initProject } from "sst/project.js";
import { deploymentSettings } from "../../stacks/settings.js";
import { whittle } from "../../stacks/Whittle.js";
import type { Placeholders } from "./cloudformation.js";

export const STACK_ACCOUNT = "123456789012";
let initialized = false;

/** The Whittle stack synthesized offline with these deployment settings (PLATFORM.md: SST in-process). */
export async function synthWhittle(env: Record<string, string>) {
  if (!initialized) await initProject({ stage: "test" });
  initialized = true;
  const app = new App({
    mode: "deploy",
    stage: "test",
    name: "whittle",
    account: STACK_ACCOUNT,
    region: "us-east-1",
  });
  const stack = whittle(deploymentSettings(env));
  app.stack(stack);
  const cdkStack = getStack(stack);
  const template = Template.fromStack(cdkStack);
  const placeholders: Placeholders = {
    account: STACK_ACCOUNT,
    region: "us-east-1",
    resources: template.toJSON().Resources,
  };
  return { cdkStack, template, placeholders };
}
