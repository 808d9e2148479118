import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App, Stack } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import { CfnInclude } from "aws-cdk-lib/cloudformation-include";

/** Placeholder values for a synthesized template's intrinsics, so policies can be read as IAM sees them. */
export interface Placeholders {
  account: string;
  region: string;
  /** CloudFormation resources by logical id (for Fn::GetAtt and Ref). */
  resources: Record<string, { Type: string; Properties?: Record<string, unknown> }>;
}

const ARN_OF: Record<string, (p: Placeholders, name: string) => string> = {
  "AWS::S3::Bucket": (_, name) => `arn:aws:s3:::${name}`,
  "AWS::DynamoDB::Table": (p, name) => `arn:aws:dynamodb:${p.region}:${p.account}:table/${name}`,
  "AWS::SQS::Queue": (p, name) => `arn:aws:sqs:${p.region}:${p.account}:${name}`,
  "AWS::Lambda::Function": (p, name) => `arn:aws:lambda:${p.region}:${p.account}:function:${name}`,
  "AWS::IAM::Role": (p, name) => `arn:aws:iam::${p.account}:role/${name}`,
  "AWS::Logs::LogGroup": (p, name) => `arn:aws:logs:${p.region}:${p.account}:log-group:${name}:*`,
};

/** Resources whose Ref is their ARN rather than their name. */
const REF_ARN: Record<string, (p: Placeholders, name: string) => string> = {
  "AWS::StepFunctions::StateMachine": (p, name) =>
    `arn:aws:states:${p.region}:${p.account}:stateMachine:${name}`,
};

const PSEUDO: Record<string, (p: Placeholders) => string> = {
  "AWS::Partition": () => "aws",
  "AWS::AccountId": (p) => p.account,
  "AWS::Region": (p) => p.region,
  "AWS::URLSuffix": () => "amazonaws.com",
};

/** Resolves Ref, Fn::GetAtt (Arn) and Fn::Join into plain strings; anything else unknown is an error. */
export function resolveIntrinsics(value: unknown, p: Placeholders): unknown {
  if (Array.isArray(value)) return value.map((v) => resolveIntrinsics(v, p));
  if (!value || typeof value !== "object") return value;
  const entries = Object.entries(value as Record<string, unknown>);
  const [key, arg] = entries[0] ?? [];
  if (entries.length === 1 && key === "Ref") {
    const name = String(arg);
    const refArn = REF_ARN[p.resources[name]?.Type ?? ""];
    return PSEUDO[name]?.(p) ?? (refArn ? refArn(p, placeholderName(name)) : placeholderName(name));
  }
  if (entries.length === 1 && key === "Fn::GetAtt") {
    const [id, attribute] = arg as [string, string];
    const type = p.resources[id]?.Type ?? "";
    if (attribute === "Name") return placeholderName(id);
    const arn = ARN_OF[type];
    if (attribute !== "Arn" || !arn)
      throw new Error(`cannot resolve Fn::GetAtt ${id}.${attribute} (${type})`);
    return arn(p, placeholderName(id));
  }
  if (entries.length === 1 && key === "Fn::Join") {
    const [separator, parts] = arg as [string, unknown[]];
    return parts.map((part) => String(resolveIntrinsics(part, p))).join(separator);
  }
  if (entries.length === 1 && key === "Fn::Split") {
    const [separator, source] = arg as [string, unknown];
    return String(resolveIntrinsics(source, p)).split(separator);
  }
  if (entries.length === 1 && key === "Fn::Select") {
    const [index, list] = arg as [number | string, unknown];
    return (resolveIntrinsics(list, p) as unknown[])[Number(index)];
  }
  if (entries.length === 1 && key?.startsWith("Fn::")) throw new Error(`unsupported intrinsic ${key}`);
  return Object.fromEntries(entries.map(([k, v]) => [k, resolveIntrinsics(v, p)]));
}

function placeholderName(logicalId: string): string {
  return logicalId.toLowerCase();
}

/**
 * Problems CloudFormation would reject in a template, checked the way the stack tests synthesize:
 * each resource is read into its CDK L1 class (an unknown type or property is a problem) and the
 * stack is synthesized, which runs CloudFormation's property validators (types, required fields).
 */
export function cloudFormationProblems(template: { Resources: Record<string, { Type: string }> }): string[] {
  const dir = mkdtempSync(join(tmpdir(), "whittle-cfn-"));
  const problems: string[] = [];
  try {
    const file = join(dir, "template.json");
    writeFileSync(file, JSON.stringify(template));
    const stack = new Stack(new App(), "Check");
    const included = new CfnInclude(stack, "Included", { templateFile: file });
    for (const [id, { Type }] of Object.entries(template.Resources)) {
      const resource = included.getResource(id);
      if (resource.constructor.name === "CfnResource") problems.push(`${id}: unknown type ${Type}`);
      const overrides = (resource as unknown as { rawOverrides: { Properties?: object } }).rawOverrides;
      for (const key of Object.keys(overrides.Properties ?? {}))
        problems.push(`${id}: ${Type} has no property ${key}`);
    }
    Template.fromStack(stack);
  } catch (error) {
    problems.push(error instanceof Error ? error.message : String(error));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return problems;
}
