import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  ListExecutionsCommand,
  SFNClient,
} from "@aws-sdk/client-sfn";
import { clientConfig } from "../../core/aws/clients.js";
import type { Runtime } from "../../functions/runtime.js";
import { driveExecution, type Machines } from "./drive-audit.js";
import type { MotoServer } from "./moto.js";
import { stateMachines, type Trace } from "./state-machine.js";

let synthesized: Machines | undefined;

/**
 * The synthesized stack's two state machines (parsed once per test file). test/run.sh gives each
 * run on a Node a folder of its own (WHITTLE_TEST_CACHE): the first file to synthesize the stack
 * leaves its state machines there, and the files after it read them rather than loading SST and
 * the CDK (several seconds each) to synthesize the same stack again. A file run on its own
 * synthesizes.
 */
export async function synthesizedMachines(): Promise<Machines> {
  if (synthesized) return synthesized;
  const cache = process.env.WHITTLE_TEST_CACHE && join(process.env.WHITTLE_TEST_CACHE, "machines.json");
  if (cache && existsSync(cache)) {
    synthesized = JSON.parse(readFileSync(cache, "utf8")) as Machines;
    return synthesized;
  }
  const { synthWhittle } = await import("./synth.js");
  const { template, placeholders } = await synthWhittle({});
  const found = stateMachines(template, placeholders);
  const account = found.AuditRun;
  const organization = found.AuditOrganization;
  if (!account || !organization)
    throw new Error(`state machines not found: ${Object.keys(found).join(", ")}`);
  synthesized = { account, organization };
  if (cache) {
    // Whole or not at all, for a file starting at this moment.
    writeFileSync(`${cache}.${process.pid}`, JSON.stringify(synthesized));
    renameSync(`${cache}.${process.pid}`, cache);
  }
  return synthesized;
}

/**
 * The state machines created in moto with the synthesized definitions, so the functions' starts are
 * real StartExecution calls; moto records executions (it does not run them: `runStarted` does).
 */
export async function deployMachines(moto: MotoServer) {
  const machines = await synthesizedMachines();
  const sfn = new SFNClient(clientConfig(moto.connection));
  const roleArn = "arn:aws:iam::123456789012:role/whittle-states";
  const create = async (name: string, definition: unknown) =>
    (await sfn.send(new CreateStateMachineCommand({ name, definition: JSON.stringify(definition), roleArn })))
      .stateMachineArn ?? "";
  const accountArn = await create("whittle-audit-run", machines.account);
  const organizationArn = await create("whittle-audit-organization", machines.organization);
  const env = { STATE_MACHINE_ARN: accountArn, ORG_STATE_MACHINE_ARN: organizationArn };
  const seen = new Set<string>();

  /** Drives every execution started in moto since the last call, through the synthesized definition. */
  async function runStarted(runtime: Runtime, trace: Trace[] = []) {
    const results: { name: string; output?: unknown; error?: Error }[] = [];
    for (const [arn, which] of [
      [accountArn, "account"],
      [organizationArn, "organization"],
    ] as const) {
      const { executions = [] } = await sfn.send(new ListExecutionsCommand({ stateMachineArn: arn }));
      for (const execution of executions) {
        if (!execution.executionArn || seen.has(execution.executionArn)) continue;
        seen.add(execution.executionArn);
        const described = await sfn.send(
          new DescribeExecutionCommand({ executionArn: execution.executionArn }),
        );
        const name = execution.name ?? "";
        const outcome = await driveExecution(
          machines,
          runtime,
          which,
          name,
          JSON.parse(described.input ?? "{}"),
          {
            trace,
            executionId: execution.executionArn,
          },
        );
        results.push({ name, ...outcome });
      }
    }
    return results;
  }
  return { machines, env, sfn, runStarted };
}
