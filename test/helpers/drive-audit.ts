import { randomUUID } from "node:crypto";
import { GetQueryExecutionCommand, StartQueryExecutionCommand } from "@aws-sdk/client-athena";
import { GetObjectCommand } from "@aws-sdk/client-s3";
import { createAuditStepsHandler } from "../../functions/audit-steps.js";
import type { Runtime } from "../../functions/runtime.js";
import { lambdaContext } from "./lambda-events.js";
import { type AslMachine, type Execution, execute, type Trace } from "./state-machine.js";

export interface Machines {
  account: AslMachine & { arn: string };
  organization: AslMachine & { arn: string };
}

/**
 * Runs an execution of the synthesized definitions with every Lambda state invoking the steps
 * handler against this runtime, and nested executions running the account machine.
 */
export async function driveExecution(
  machines: Machines,
  runtime: Runtime,
  which: "account" | "organization",
  name: string,
  input: unknown,
  options: {
    trace?: Trace[];
    executionId?: string;
    handler?: ReturnType<typeof createAuditStepsHandler>;
  } = {},
): Promise<{ output?: unknown; error?: Error; trace: Trace[] }> {
  const trace = options.trace ?? [];
  const handler = options.handler ?? createAuditStepsHandler(() => runtime);
  const machine = machines[which];
  const execution: Execution = {
    name,
    id: options.executionId ?? `${machine.arn.replace(":stateMachine:", ":execution:")}:${name}`,
    startTime: runtime.clock().toISOString(),
  };
  const integrations = {
    invoke: (_arn: string, payload: unknown) => handler(payload, lambdaContext("whittle-audit-steps")),
    startExecution: async (arn: string, childName: string, childInput: unknown) => {
      const child = arn === machines.account.arn ? machines.account : machines.organization;
      const childExecution: Execution = {
        name: childName,
        id: `${arn.replace(":stateMachine:", ":execution:")}:${childName}`,
        startTime: runtime.clock().toISOString(),
      };
      return execute(child, childInput, childExecution, integrations, trace);
    },
    // moto runs no SQL: a query succeeds at once, its rows those preset through moto's API.
    athenaQuery: async (parameters: { QueryString: string; WorkGroup?: string }) => {
      const { QueryExecutionId } = await runtime.clients.athena.send(
        new StartQueryExecutionCommand(parameters),
      );
      return runtime.clients.athena.send(new GetQueryExecutionCommand({ QueryExecutionId }));
    },
    readItems: async (Bucket: string, Key: string) => {
      const object = await runtime.clients.s3.send(new GetObjectCommand({ Bucket, Key }));
      return JSON.parse((await object.Body?.transformToString()) ?? "[]") as unknown[];
    },
  };
  try {
    return { output: await execute(machine, input, execution, integrations, trace), trace };
  } catch (error) {
    return { error: error as Error, trace };
  }
}

export const newRunId = () => randomUUID();
