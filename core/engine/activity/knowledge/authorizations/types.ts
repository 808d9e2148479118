import type { RoleDirectory } from "../../role-directory.js";

/**
 * What AWS authorizes for a call, as data: one table per service. An event maps to one or more
 * needs (an action checked against one of the request's resources); request parameters can swap an
 * action for another (a `versionId` makes GetObject an s3:GetObjectVersion), add needs (an
 * `x-amz-tagging` header adds s3:PutObjectTagging) or move a need to another resource (a Query
 * with `indexName` is authorized on the index). Every entry cites the AWS page it comes from.
 */

/** Which of the request's resources an action is authorized against. */
export type ResourceRole =
  | "target"
  | "copySource"
  | "index"
  | "kmsKey"
  | "qualified"
  | "layer"
  | "sourceKey"
  | "destinationKey"
  | "restoredTable"
  | "replica"
  | "model"
  | "guardrail"
  | "referencedSecret"
  | "executions"
  /** The account's default session document, which a session started without one uses (ssm:StartSession). */
  | "defaultSessionDocument"
  /** A resource no record names (the tags of a resource being created): the need keeps today's scope. */
  | "unnamed";

export interface Need {
  action: string;
  resource?: ResourceRole;
  /**
   * The call may have needed it, the record cannot say (what a launch template it names holds):
   * credited as inferred, so it is kept only where granted today.
   */
  inferred?: true;
}

/** Resources a request names, by role, as the service's deriver reads them from requestParameters. */
export type Derived = { target: string[] } & Partial<Record<Exclude<ResourceRole, "target">, string[]>>;

export interface DeriveContext {
  params: Record<string, unknown>;
  /** The eventName, for derivers whose resource depends on the call (a creating call's `path`). */
  event: string;
  /** The ARNs CloudTrail lists in the record's `resources[]`, for derivers that sort them by role. */
  listed: readonly string[];
  /** What the snapshot knows of IAM entities (their paths). */
  directory?: RoleDirectory;
  partition: string;
  region: string | undefined;
  account: string | undefined;
}

interface RuleEffect {
  /** Needs of the event whose action the parameter changes into another action. */
  replace?: Readonly<Record<string, string>>;
  /** Needs the parameter adds. */
  add?: readonly Need[];
  /** Needs on the target that the parameter moves onto another resource. */
  retarget?: ResourceRole;
  /**
   * Needs of the event the parameter shows the call did not have (a default it turned off),
   * dropped before the rule's `add`: a rule may drop a need it then adds on another resource.
   */
  drop?: readonly string[];
  why: string;
  source: string;
}

export type ParameterRule = RuleEffect &
  (
    | {
        /**
         * requestParameters key (case as CloudTrail writes it) whose non-empty value calls for the
         * rule; keys joined by dots reach into nested objects, through lists.
         */
        parameter: string;
        /** Only when the value matches, e.g. `versionId=` inside `x-amz-copy-source`. */
        matches?: RegExp;
        /**
         * Only when every value the key reaches is set (and matches): a rule that says what none
         * of a list's items needs (no statement of a batch is a DELETE) must read all of them.
         */
        every?: true;
        anyTags?: undefined;
        invokedBy?: undefined;
        recorded?: undefined;
      }
    | {
        /**
         * A key of the record's additionalEventData or responseElements (as CloudTrail writes it)
         * whose non-empty value calls for the rule: what the service says it did that the request
         * does not (the encryption S3 applied to an object).
         */
        recorded: RecordedValue;
        /** Only when the value matches. */
        matches?: RegExp;
        parameter?: undefined;
        every?: undefined;
        anyTags?: undefined;
        invokedBy?: undefined;
      }
    | {
        /**
         * The rule is called for by tags in the request, whatever their shape and depth, as the
         * general tags-at-creation rule finds them (../../tags-at-creation.ts): a service that
         * records one call in several shapes has no one key to name.
         */
        anyTags: true;
        parameter?: undefined;
        matches?: undefined;
        every?: undefined;
        invokedBy?: undefined;
        recorded?: undefined;
      }
    | {
        /**
         * The rule is called for by the AWS service that made the call with the principal's
         * credentials (`userIdentity.invokedBy`), whatever the parameters: a state machine's
         * task, made by Step Functions with the state machine's role.
         */
        invokedBy: string;
        parameter?: undefined;
        matches?: undefined;
        every?: undefined;
        anyTags?: undefined;
        recorded?: undefined;
      }
  );

/** A value the service wrote into the record beside the request: `additionalEventData.SSEApplied`. */
export interface RecordedValue {
  field: "additionalEventData" | "responseElements";
  key: string;
}

export interface EventEntry {
  /** CloudTrail eventName (for Lambda and CloudFront, without the API-version suffix). */
  event: string;
  /** What IAM checks; when absent, `<service>:<event>` on the target. */
  actions?: readonly Need[];
  /** Calls no identity policy decides: no permission needed, or not an API call at all. */
  class?: "no-permission" | "non-api";
  rules?: readonly ParameterRule[];
  why: string;
  source: string;
}

export interface ServiceAuthorizations {
  service: string;
  events: readonly EventEntry[];
  /** How this service's requestParameters name the resources of a call. */
  resources?: (ctx: DeriveContext) => Derived;
}

export const to = (...actions: string[]): Need[] => actions.map((action) => ({ action }));

/**
 * Tags given to a resource as it is created (CloudTrail's `tags`) are authorized as the service's
 * tagging action too, and no tagging event is recorded: the creating call is the only trace.
 */
export const taggedOnCreate = (action: string, source: string): ParameterRule => ({
  parameter: "tags",
  add: to(action),
  why: `tags set at creation are authorized as ${action}`,
  source,
});

/** A value that is already an ARN is kept; a name is turned into one when the context allows. */
export function named(value: unknown, build: (name: string) => string | undefined): string[] {
  const name = str(value);
  if (!name) return [];
  if (name.startsWith("arn:")) return [name];
  const arn = build(name);
  return arn ? [arn] : [];
}

export function regional(ctx: DeriveContext, service: string, resource: string): string | undefined {
  if (!ctx.region || !ctx.account) return undefined;
  return `arn:${ctx.partition}:${service}:${ctx.region}:${ctx.account}:${resource}`;
}

/** A KMS key named by id or key ARN; an alias names no key IAM can scope a key operation to. */
export function kmsKey(ctx: DeriveContext, value: unknown): string[] {
  const id = str(value);
  if (!id || id.startsWith("alias/") || id.includes(":alias/")) return [];
  return named(id, (k) => regional(ctx, "kms", `key/${k}`));
}

/**
 * CloudTrail writes some S3 headers as one-element arrays (`"x-amz-acl": ["private"]`). Unwrapped
 * in a loop: a record can nest such arrays deeper than the call stack.
 */
export function str(value: unknown): string | undefined {
  let inner = value;
  while (Array.isArray(inner) && inner.length === 1) inner = inner[0];
  return typeof inner === "string" && inner !== "" ? inner : undefined;
}
