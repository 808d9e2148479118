import { Duration, type Stack } from "aws-cdk-lib";
import type { IFunction } from "aws-cdk-lib/aws-lambda";
import { LogGroup, RetentionDays } from "aws-cdk-lib/aws-logs";
import {
  type Chain,
  CustomState,
  DefinitionBody,
  DistributedMap,
  Errors,
  Fail,
  IntegrationPattern,
  JitterType,
  JsonPath,
  LogLevel,
  Map as MapState,
  Pass,
  S3JsonItemReader,
  StateMachine,
  StateMachineType,
  Succeed,
  TaskInput,
  type TaskStateBase,
  Timeout,
} from "aws-cdk-lib/aws-stepfunctions";
import { LambdaInvoke, StepFunctionsStartExecution } from "aws-cdk-lib/aws-stepfunctions-tasks";

export interface OrchestrationProps {
  steps: IFunction;
  /** The Athena source: the workgroup the aggregation query runs in (absent: another source). */
  athena?: { workGroup: string };
  /** The trail-bucket source: day/region partitions read at once (absent: another source). */
  partitions?: { concurrency: number };
  /** The whole run's limit: past it the execution times out and the run is FAILED (execution-ended). */
  runTimeout: Duration;
  /** Accounts audited at once in org mode. */
  orgConcurrency: number;
}

/** Errors a step may throw for a transient cause; every step is idempotent, so these are retried. */
const TRANSIENT = [
  "TransientError",
  "StoreUnavailableError",
  "ThrottlingException",
  "TooManyRequestsException",
  "Lambda.TooManyRequestsException",
  "Lambda.ServiceException",
  "Lambda.AWSLambdaException",
  "Lambda.SdkClientException",
];

type RunStep = TaskStateBase | CustomState | DistributedMap;
type Step = (
  id: string,
  payload: Record<string, unknown>,
  timeout: Duration,
  resultPath?: string,
) => TaskStateBase;

/**
 * The trail-bucket source: a step lists the window's day/region partitions into a work object, a
 * Distributed Map reads it and aggregates each partition in its own invocation (bounded
 * concurrency) into a partial in S3; the audit step merges them. A partition that fails past its
 * retries leaves a failed partial, so the run's coverage says what was not read.
 */
function partitionStates(stack: Stack, concurrency: number, step: Step): RunStep[] {
  const plan = step(
    "PlanPartitions",
    { step: "partitions", "run.$": "$.run" },
    Duration.minutes(15),
    "$.run.activity",
  );
  const item = { "run.$": "$.run", "partition.$": "$.partition" };
  // Each child's output is the step's (empty) result, so the map's own output stays small.
  const read = step("ReadPartition", { step: "partition", ...item }, Duration.minutes(15), "$");
  read.addRetry({
    errors: TRANSIENT,
    interval: Duration.seconds(5),
    backoffRate: 2,
    maxAttempts: 4,
    jitterStrategy: JitterType.FULL,
  });
  const failed = step(
    "PartitionFailed",
    { step: "partition-failed", ...item, "error.$": "$.error" },
    Duration.minutes(1),
    "$",
  );
  failed.addRetry({ errors: [Errors.ALL], interval: Duration.seconds(2), backoffRate: 2, maxAttempts: 5 });
  read.addCatch(failed, { errors: [Errors.ALL], resultPath: "$.error" });
  const map = new DistributedMap(stack, "EachPartition", {
    itemReader: new S3JsonItemReader({
      bucketNamePath: JsonPath.stringAt("$.run.activity.partitions.bucket"),
      key: JsonPath.stringAt("$.run.activity.partitions.key"),
    }),
    itemSelector: { "run.$": "$.run", "partition.$": "$$.Map.Item.Value" },
    maxConcurrency: concurrency,
    mapExecutionType: StateMachineType.STANDARD,
    resultPath: JsonPath.DISCARD,
  });
  map.itemProcessor(read);
  return [plan, map];
}

/** Errors of the Athena task worth another attempt (the query is re-run whole: it has no side effect). */
const ATHENA_TRANSIENT = ["Athena.TooManyRequestsException", "Athena.InternalServerException"];

/**
 * The Athena source: a step builds the aggregation query for the run's window and account, Step
 * Functions runs it and waits (startQueryExecution.sync: no function waits), and its execution id
 * joins the run for the audit step, which reads the rows.
 */
function athenaStates(
  stack: Stack,
  workGroup: string,
  step: (
    id: string,
    payload: Record<string, unknown>,
    timeout: Duration,
    resultPath?: string,
  ) => TaskStateBase,
): (TaskStateBase | CustomState)[] {
  const query = step(
    "ActivityQuery",
    { step: "activity-query", "run.$": "$.run" },
    Duration.minutes(1),
    "$.query",
  );
  const aggregate = new CustomState(stack, "AthenaAggregate", {
    stateJson: {
      Type: "Task",
      Resource: `arn:${stack.partition}:states:::athena:startQueryExecution.sync`,
      Parameters: { "QueryString.$": "$.query.text", WorkGroup: workGroup },
      ResultSelector: { "queryExecutionId.$": "$.QueryExecution.QueryExecutionId" },
      ResultPath: "$.run.activity",
      TimeoutSeconds: 3600,
    },
  });
  aggregate.addRetry({
    errors: ATHENA_TRANSIENT,
    interval: Duration.seconds(30),
    backoffRate: 2,
    maxAttempts: 3,
  });
  return [query, aggregate];
}

/**
 * A run as a state machine: record → snapshot → audit (engine + report, manifest last) → findings
 * lifecycle → complete. Every state retries transient errors with backoff and catches everything
 * else into "record FAILED"; an execution that times out is recorded FAILED by the execution-ended
 * rule. The execution's name is the run id. Org mode maps over the accounts, one execution each.
 */
export function auditStateMachines(stack: Stack, props: OrchestrationProps) {
  const step = (id: string, payload: Record<string, unknown>, timeout: Duration, resultPath?: string) =>
    new LambdaInvoke(stack, id, {
      lambdaFunction: props.steps,
      payload: TaskInput.fromObject(payload),
      payloadResponseOnly: true,
      retryOnServiceExceptions: false,
      taskTimeout: Timeout.duration(timeout),
      resultPath: resultPath ?? JsonPath.DISCARD,
    });
  const run = { "run.$": "$.run" };
  const runAndResult = { ...run, "result.$": "$.result" };

  const recordFailed = step(
    "RecordFailed",
    { step: "fail", runId: JsonPath.executionName, executionId: JsonPath.executionId, "error.$": "$.error" },
    Duration.minutes(1),
  );
  recordFailed.addRetry({
    errors: [Errors.ALL],
    interval: Duration.seconds(2),
    backoffRate: 2,
    maxAttempts: 5,
  });
  recordFailed.next(
    new Fail(stack, "RunFailed", { error: "AuditFailed", cause: "the run is recorded FAILED" }),
  );

  const states: RunStep[] = [
    step(
      "RecordRun",
      {
        step: "record",
        runId: JsonPath.executionName,
        executionId: JsonPath.executionId,
        executionStart: JsonPath.executionStartTime,
        "input.$": "$",
      },
      Duration.minutes(1),
      "$.run",
    ),
    step("Snapshot", { step: "snapshot", ...run }, Duration.minutes(15)),
    ...(props.athena ? athenaStates(stack, props.athena.workGroup, step) : []),
    ...(props.partitions ? partitionStates(stack, props.partitions.concurrency, step) : []),
    step("Audit", { step: "audit", ...run }, Duration.minutes(15), "$.result"),
    step("Lifecycle", { step: "lifecycle", ...runAndResult }, Duration.minutes(15)),
    step("Complete", { step: "complete", ...runAndResult }, Duration.minutes(1)),
  ];
  for (const state of states) {
    state.addRetry({
      errors: TRANSIENT,
      interval: Duration.seconds(5),
      backoffRate: 2,
      maxAttempts: 4,
      jitterStrategy: JitterType.FULL,
    });
    state.addCatch(recordFailed, { errors: [Errors.ALL], resultPath: "$.error" });
  }
  let chain: Chain = states[0] as unknown as Chain;
  for (const state of states.slice(1)) chain = chain.next(state);
  chain.next(new Succeed(stack, "RunSucceeded"));

  const logs = (id: string) =>
    ({
      destination: new LogGroup(stack, `${id}Logs`, { retention: RetentionDays.THREE_MONTHS }),
      level: LogLevel.ERROR,
      includeExecutionData: false,
    }) as const;
  const account = new StateMachine(stack, "AuditRun", {
    definitionBody: DefinitionBody.fromChainable(chain),
    timeout: props.runTimeout,
    tracingEnabled: true,
    logs: logs("AuditRun"),
  });

  const accounts = step(
    "ListAccounts",
    { step: "accounts", executionStart: JsonPath.executionStartTime },
    Duration.minutes(5),
    "$.accounts",
  );
  accounts.addRetry({ errors: TRANSIENT, interval: Duration.seconds(5), backoffRate: 2, maxAttempts: 4 });
  const perAccount = new StepFunctionsStartExecution(stack, "AuditAccount", {
    stateMachine: account,
    integrationPattern: IntegrationPattern.RUN_JOB,
    name: JsonPath.stringAt("$.runId"),
    input: TaskInput.fromObject({ trigger: "organization", "accountId.$": "$.accountId" }),
    resultPath: JsonPath.DISCARD,
  });
  // A failed account's run is recorded FAILED by its own execution; the others go on.
  perAccount.addCatch(new Pass(stack, "AccountFailed"), {
    errors: [Errors.ALL],
    resultPath: JsonPath.DISCARD,
  });
  const map = new MapState(stack, "EachAccount", {
    itemsPath: "$.accounts",
    maxConcurrency: props.orgConcurrency,
    resultPath: JsonPath.DISCARD,
  });
  map.itemProcessor(perAccount);
  const organization = new StateMachine(stack, "AuditOrganization", {
    definitionBody: DefinitionBody.fromChainable(accounts.next(map)),
    timeout: Duration.hours(24),
    tracingEnabled: true,
    logs: logs("AuditOrganization"),
  });
  return { account, organization };
}
