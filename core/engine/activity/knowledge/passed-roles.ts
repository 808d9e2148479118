/**
 * Calls that hand a role to a service, and the request parameters that name it. CloudTrail never
 * records iam:PassRole as an event of its own, so the role a principal passed is only visible in
 * the call that used it; the generator needs it to keep iam:PassRole scoped to those roles.
 * Parameter names are CloudTrail's requestParameters keys (the API's, in camelCase).
 */
export const PASSED_ROLE_PARAMETERS: Readonly<Record<string, readonly string[]>> = {
  "lambda:CreateFunction": ["role"],
  "lambda:UpdateFunctionConfiguration": ["role"],
  "glue:CreateJob": ["role"],
  "glue:CreateDevEndpoint": ["roleArn"],
  "cloudformation:CreateStack": ["roleARN"],
  "cloudformation:UpdateStack": ["roleARN"],
  "ecs:RegisterTaskDefinition": ["taskRoleArn", "executionRoleArn"],
  "codebuild:CreateProject": ["serviceRole"],
  "codebuild:UpdateProject": ["serviceRole"],
  "sagemaker:CreateNotebookInstance": ["roleArn"],
  "sagemaker:CreateTrainingJob": ["roleArn"],
  "sagemaker:CreateProcessingJob": ["roleArn"],
  "states:CreateStateMachine": ["roleArn"],
  "states:UpdateStateMachine": ["roleArn"],
};

const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/;

/** Role ARNs a call passed, from its request parameters (values that are not role ARNs are ignored). */
export function passedRoles(
  actionKey: string,
  parameters: Record<string, unknown> | null | undefined,
): string[] {
  const names = PASSED_ROLE_PARAMETERS[actionKey];
  if (!names || !parameters) return [];
  return names
    .map((n) => parameters[n])
    .filter((v): v is string => typeof v === "string" && ROLE_ARN.test(v));
}
