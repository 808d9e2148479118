import {
  type EventEntry,
  type Need,
  type ParameterRule,
  type ServiceAuthorizations,
  str,
  taggedOnCreate,
} from "./types.js";

/**
 * Step Functions' "Run a Job" (`.sync`) integrations: a state machine's task starts a job with the
 * state machine's role (the record's `invokedBy` is states.amazonaws.com), waits for it, and, when
 * the execution is stopped or times out, stops the job with the same role. Each integration's IAM
 * page lists the stop and describe calls a `.sync` task needs beside the start, which a request-
 * response task does not; a window in which no run was aborted shows none of the stop calls. The
 * record does not say whether the task was `.sync`, nor when a run will be aborted: the needs are
 * inferred, so kept only where granted today, and only for calls Step Functions made.
 */
export const STEP_FUNCTIONS = "states.amazonaws.com";

const PAGE = (integration: string) =>
  `https://docs.aws.amazon.com/step-functions/latest/dg/${integration}-iam.html`;

/** A rule adding the `.sync` needs of one integration to the start call Step Functions made. */
export function runAJob(integration: string, needs: readonly Need[]): ParameterRule {
  return {
    invokedBy: STEP_FUNCTIONS,
    add: needs.map((n) => ({ ...n, inferred: true as const })),
    why: "a .sync task's job is described and stopped by Step Functions with the state machine's role",
    source: PAGE(integration),
  };
}

const onTarget = (...actions: string[]): Need[] => actions.map((action) => ({ action }));

/** A start call that is a `.sync` integration, its own needs as the event's name says. */
const started = (
  event: string,
  integration: string,
  needs: readonly Need[],
  rules: readonly ParameterRule[] = [],
): EventEntry => ({
  event,
  rules: [...rules, runAJob(integration, needs)],
  why: "starts a job a .sync task waits for and stops when its execution is",
  source: PAGE(integration),
});

export const BATCH_AUTHORIZATIONS: ServiceAuthorizations = {
  service: "batch",
  // Job ids are made at run time, so the page grants SubmitJob and TerminateJob on `*`.
  events: [started("SubmitJob", "batch", onTarget("batch:TerminateJob", "batch:DescribeJobs"))],
};

export const GLUE_AUTHORIZATIONS: ServiceAuthorizations = {
  service: "glue",
  events: [
    started("StartJobRun", "glue", onTarget("glue:BatchStopJobRun", "glue:GetJobRun", "glue:GetJobRuns")),
  ],
};

export const CODEBUILD_AUTHORIZATIONS: ServiceAuthorizations = {
  service: "codebuild",
  events: [started("StartBuild", "codebuild", onTarget("codebuild:StopBuild", "codebuild:BatchGetBuilds"))],
};

export const ATHENA_AUTHORIZATIONS: ServiceAuthorizations = {
  service: "athena",
  events: [
    started(
      "StartQueryExecution",
      "athena",
      onTarget("athena:StopQueryExecution", "athena:GetQueryExecution"),
    ),
  ],
};

const SAGEMAKER =
  "https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonsagemakerai.html";

/** SageMaker jobs a `.sync` task runs; tags given at creation need sagemaker:AddTags (SAGEMAKER). */
export const SAGEMAKER_SYNC_EVENTS: readonly EventEntry[] = [
  started(
    "CreateTrainingJob",
    "sagemaker",
    onTarget("sagemaker:DescribeTrainingJob", "sagemaker:StopTrainingJob"),
    [taggedOnCreate("sagemaker:AddTags", SAGEMAKER)],
  ),
  started(
    "CreateTransformJob",
    "sagemaker",
    onTarget("sagemaker:DescribeTransformJob", "sagemaker:StopTransformJob"),
    [taggedOnCreate("sagemaker:AddTags", SAGEMAKER)],
  ),
];

/** An EMR step added `.sync` is described and cancelled on its cluster (AddJobFlowSteps' target). */
export const EMR_AUTHORIZATIONS: ServiceAuthorizations = {
  service: "elasticmapreduce",
  events: [
    started(
      "AddJobFlowSteps",
      "emr",
      onTarget("elasticmapreduce:DescribeStep", "elasticmapreduce:CancelSteps"),
    ),
  ],
};

/**
 * A nested execution started `.sync` is described and stopped as `execution:NAME:*` of the state
 * machine StartExecution named ("Resource": "arn:aws:states:…:execution:[[stateMachineName]]:*").
 */
export const STATES_AUTHORIZATIONS: ServiceAuthorizations = {
  service: "states",
  events: [
    started("StartExecution", "stepfunctions", [
      { action: "states:StopExecution", resource: "executions" },
      { action: "states:DescribeExecution", resource: "executions" },
    ]),
  ],
  resources: ({ params, event }) => {
    // The call's own target stays what the record lists: only the executions are derived.
    const machine = event === "StartExecution" ? str(params.stateMachineArn) : undefined;
    // A version or alias (`stateMachine:NAME:1`) starts executions of the state machine NAME.
    const match = machine && /^(arn:[^:]+:states:[^:]*:[^:]*):stateMachine:([^:]+)(?::[^:]+)?$/.exec(machine);
    return match ? { target: [], executions: [`${match[1]}:execution:${match[2]}:*`] } : { target: [] };
  },
};
