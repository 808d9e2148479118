import type { Template } from "aws-cdk-lib/assertions";
import { type Placeholders, resolveIntrinsics } from "./cloudformation.js";

/** Amazon States Language, as much of it as the synthesized definitions use. */
export interface AslState {
  Type: "Task" | "Map" | "Pass" | "Fail" | "Succeed" | "Choice" | "Wait";
  Resource?: string;
  Parameters?: Record<string, unknown>;
  ResultSelector?: Record<string, unknown>;
  ResultPath?: string | null;
  Next?: string;
  End?: boolean;
  TimeoutSeconds?: number;
  Retry?: { ErrorEquals: string[]; MaxAttempts?: number; IntervalSeconds?: number; BackoffRate?: number }[];
  Catch?: { ErrorEquals: string[]; ResultPath?: string | null; Next: string }[];
  ItemsPath?: string;
  /** A Distributed Map's items from an S3 object (Parameters: Bucket, Key). */
  ItemReader?: { Resource: string; Parameters: Record<string, unknown> };
  /** Each item's input, built with `$$.Map.Item.Value` (the item) and the Map's input. */
  ItemSelector?: Record<string, unknown>;
  MaxConcurrency?: number;
  ItemProcessor?: AslMachine;
  Iterator?: AslMachine;
  Choices?: AslChoice[];
  Default?: string;
  Seconds?: number;
}
/** A Choice rule: the comparisons the definitions use. */
export interface AslChoice {
  Variable: string;
  NumericGreaterThan?: number;
  NumericEquals?: number;
  BooleanEquals?: boolean;
  StringEquals?: string;
  Next: string;
}
export interface AslMachine {
  StartAt: string;
  States: Record<string, AslState>;
  TimeoutSeconds?: number;
}

/** The states a run passes on its way to success: from StartAt, along each Next, a Choice's Default. */
export function mainPath(machine: AslMachine): string[] {
  const order: string[] = [];
  for (let name = machine.StartAt; machine.States[name]?.Type !== "Succeed"; ) {
    order.push(name);
    const state = machine.States[name]!;
    name = (state.Type === "Choice" ? state.Default : state.Next) ?? "";
  }
  return order;
}

/** The template's state machines by logical id prefix ("AuditRun"), definitions parsed from the synthesized JSON. */
export function stateMachines(
  template: Template,
  p: Placeholders,
): Record<string, AslMachine & { arn: string }> {
  const out: Record<string, AslMachine & { arn: string }> = {};
  for (const [id, resource] of Object.entries(template.toJSON().Resources as Placeholders["resources"])) {
    if (resource.Type !== "AWS::StepFunctions::StateMachine") continue;
    const text = resolveIntrinsics(resource.Properties?.DefinitionString, p) as string;
    const arn = resolveIntrinsics({ Ref: id }, p) as string;
    out[id.replace(/[A-F0-9]{8}$/, "")] = { ...(JSON.parse(text) as AslMachine), arn };
  }
  return out;
}

export interface Execution {
  name: string;
  id: string;
  startTime: string;
}

export interface Integrations {
  /** A Lambda task: the payload the definition built; a thrown error fails the state (its `name` is the error). */
  invoke(functionArn: string, payload: unknown): Promise<unknown>;
  /** A nested execution (startExecution.sync): runs the named machine to its end. */
  startExecution(stateMachineArn: string, name: string, input: unknown): Promise<unknown>;
  /** Athena's startQueryExecution.sync: runs the query to its end and answers as GetQueryExecution does. */
  athenaQuery?(parameters: { QueryString: string; WorkGroup?: string }): Promise<unknown>;
  /** A Distributed Map's ItemReader (s3:getObject of a JSON array). */
  readItems?(bucket: string, key: string): Promise<unknown[]>;
}

export interface Trace {
  state: string;
  payload?: unknown;
  error?: string;
}

export class ExecutionFailed extends Error {
  constructor(
    readonly error: string,
    override readonly cause: string,
  ) {
    super(`${error}: ${cause}`);
    this.name = "ExecutionFailed";
  }
}

/**
 * Runs a definition as Step Functions would, state by state: each Task's payload built from its
 * Parameters (JSONPath `.$` keys, the context object `$$`), its result placed by ResultPath, its
 * Retry honoured (without the waits) and its Catch followed; a Choice picks its branch, a Wait is
 * recorded but not waited. `trace` records every state entered.
 */
export async function execute(
  machine: AslMachine,
  input: unknown,
  execution: Execution,
  integrations: Integrations,
  trace: Trace[] = [],
): Promise<unknown> {
  let name = machine.StartAt;
  let data = input;
  const context = { Execution: { Name: execution.name, Id: execution.id, StartTime: execution.startTime } };
  for (;;) {
    const state = machine.States[name];
    if (!state) throw new Error(`no state ${name}`);
    if (state.Type === "Succeed") return data;
    if (state.Type === "Fail") {
      const fail = state as unknown as { Error?: string; Cause?: string };
      throw new ExecutionFailed(fail.Error ?? "States.Fail", fail.Cause ?? "");
    }
    if (state.Type === "Choice") {
      trace.push({ state: name });
      name = choose(name, state, data, context);
      continue;
    }
    if (state.Type === "Wait") trace.push({ state: name });
    let result: unknown;
    try {
      result = await runState(name, state, data, context, integrations, trace);
    } catch (error) {
      const err = asStatesError(error);
      trace.push({ state: name, error: err.Error });
      const handler = state.Catch?.find((c) => matches(c.ErrorEquals, err.Error));
      if (!handler) throw new ExecutionFailed(err.Error, err.Cause);
      data = place(data, handler.ResultPath, err);
      name = handler.Next;
      continue;
    }
    data = state.Type === "Pass" || state.Type === "Wait" ? data : place(data, state.ResultPath, result);
    if (state.End || !state.Next) return data;
    name = state.Next;
  }
}

async function runState(
  name: string,
  state: AslState,
  data: unknown,
  context: unknown,
  integrations: Integrations,
  trace: Trace[],
): Promise<unknown> {
  if (state.Type === "Pass" || state.Type === "Wait") return data;
  if (state.Type === "Map") {
    const items = state.ItemReader
      ? await readerItems(state.ItemReader, data, context, integrations)
      : (read(data, context, state.ItemsPath ?? "$") as unknown[]);
    const processor = state.ItemProcessor ?? state.Iterator;
    if (!processor) throw new Error(`${name}: no ItemProcessor`);
    const selector = state.ItemSelector;
    const input = (item: unknown, index: number) =>
      selector
        ? build(selector, data, { ...(context as object), Map: { Item: { Value: item, Index: index } } })
        : item;
    const limit = state.MaxConcurrency || items.length;
    const results: unknown[] = [];
    for (let i = 0; i < items.length; i += limit)
      results.push(
        ...(await Promise.all(
          items
            .slice(i, i + limit)
            .map((item, j) =>
              execute(
                processor,
                input(item, i + j),
                (context as { Execution: Execution }).Execution,
                integrations,
                trace,
              ),
            ),
        )),
      );
    return results;
  }
  const payload = build(state.Parameters ?? {}, data, context);
  const retries = state.Retry ?? [];
  const attempts = new Map<number, number>();
  for (;;) {
    trace.push({ state: name, payload });
    try {
      const result = await task(state, payload, integrations);
      return state.ResultSelector ? build(state.ResultSelector, result, context) : result;
    } catch (error) {
      const err = asStatesError(error);
      const rule = retries.findIndex((r) => matches(r.ErrorEquals, err.Error));
      const used = attempts.get(rule) ?? 0;
      if (rule < 0 || used >= (retries[rule]?.MaxAttempts ?? 3)) throw error;
      attempts.set(rule, used + 1);
      trace.push({ state: name, error: `${err.Error} (retried)` });
    }
  }
}

async function readerItems(
  reader: NonNullable<AslState["ItemReader"]>,
  data: unknown,
  context: unknown,
  integrations: Integrations,
): Promise<unknown[]> {
  if (!reader.Resource.endsWith(":s3:getObject") || !integrations.readItems)
    throw new Error(`unsupported item reader ${reader.Resource}`);
  const { Bucket, Key } = build(reader.Parameters, data, context) as { Bucket: string; Key: string };
  return integrations.readItems(Bucket, Key);
}

function task(state: AslState, payload: unknown, integrations: Integrations): Promise<unknown> {
  const resource = state.Resource ?? "";
  if (resource.includes(":states:::states:startExecution")) {
    const p = payload as { StateMachineArn: string; Name: string; Input: unknown };
    return integrations.startExecution(p.StateMachineArn, p.Name, p.Input);
  }
  if (resource.includes(":lambda:")) return integrations.invoke(resource, payload);
  if (resource.includes(":states:::athena:startQueryExecution.sync") && integrations.athenaQuery)
    return integrations.athenaQuery(payload as { QueryString: string; WorkGroup?: string });
  throw new Error(`unsupported resource ${resource}`);
}

function choose(name: string, state: AslState, data: unknown, context: unknown): string {
  for (const rule of state.Choices ?? []) {
    const value = read(data, context, rule.Variable);
    const { Variable: _, Next, ...comparison } = rule;
    const [[operator, operand] = []] = Object.entries(comparison);
    const holds =
      operator === "NumericGreaterThan"
        ? typeof value === "number" && value > (operand as number)
        : ["NumericEquals", "BooleanEquals", "StringEquals"].includes(operator ?? "")
          ? value === operand
          : undefined;
    if (holds === undefined) throw new Error(`${name}: unsupported comparison ${operator}`);
    if (holds) return Next;
  }
  if (!state.Default) throw new Error(`${name}: no choice matched and no Default (States.NoChoiceMatched)`);
  return state.Default;
}

function matches(errors: string[], name: string): boolean {
  return errors.includes(name) || (errors.includes("States.ALL") && !name.startsWith("States.Runtime"));
}

function asStatesError(error: unknown): { Error: string; Cause: string } {
  if (error instanceof ExecutionFailed) return { Error: error.error, Cause: error.cause };
  const e = error instanceof Error ? error : new Error(String(error));
  return { Error: e.name, Cause: JSON.stringify({ errorType: e.name, errorMessage: e.message }) };
}

/** Parameters: `key.$` takes a JSONPath (`$` the state input, `$$` the context object). */
function build(template: unknown, data: unknown, context: unknown): unknown {
  if (Array.isArray(template)) return template.map((t) => build(t, data, context));
  if (!template || typeof template !== "object") return template;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(template)) {
    if (key.endsWith(".$")) out[key.slice(0, -2)] = read(data, context, String(value));
    else out[key] = build(value, data, context);
  }
  return out;
}

function read(data: unknown, context: unknown, path: string): unknown {
  const [root, rest] = path.startsWith("$$") ? [context, path.slice(2)] : [data, path.slice(1)];
  let value = root;
  for (const key of rest.split(".").filter(Boolean))
    value = (value as Record<string, unknown> | undefined)?.[key];
  return value;
}

function place(data: unknown, resultPath: string | null | undefined, result: unknown): unknown {
  if (resultPath === null) return data;
  if (resultPath === undefined || resultPath === "$") return result;
  const keys = resultPath.slice(2).split(".");
  const copy = structuredClone(data) as Record<string, unknown>;
  let node = copy;
  for (const key of keys.slice(0, -1)) {
    node[key] ??= {};
    node = node[key] as Record<string, unknown>;
  }
  node[keys.at(-1) as string] = result;
  return copy;
}
