import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Template } from "aws-cdk-lib/assertions";
import { App, getStack } from "sst/constructs";
import { initProject, useProject } from "sst/project.js";
import { deploymentSettings } from "../../stacks/settings.js";
import { whittle } from "../../stacks/Whittle.js";
import type { Placeholders } from "./cloudformation.js";

export const STACK_ACCOUNT = "123456789012";
let initialized = false;

/** The Whittle stack synthesized offline with these deployment settings (PLATFORM.md: SST in-process). */
export async function synthWhittle(env: Record<string, string>) {
  if (!initialized) {
    await initProject({ stage: "test" });
    // Each test process synthesizes into a folder of its own: every App empties its folder's types
    // before writing them, so two test files synthesizing at once removed each other's (ENOENT).
    const out = mkdtempSync(join(tmpdir(), "whittle-sst-"));
    process.on("exit", () => rmSync(out, { recursive: true, force: true }));
    const { paths } = useProject();
    paths.out = out;
    paths.artifacts = join(out, "artifacts");
  }
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
