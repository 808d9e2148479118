/**
 * How to name the resource of a call from its requestParameters, per service, for the services
 * whose data the least-privilege policies most often scope. Each deriver returns ARNs; which of
 * them apply to a given action is decided later against the catalog's ARN formats.
 */
export interface DeriveContext {
  params: Record<string, unknown>;
  partition: string;
  region: string | undefined;
  account: string | undefined;
}

export interface Derived {
  target: string[];
  copySource?: string[];
}

type Deriver = (ctx: DeriveContext) => Derived;

export const RESOURCE_DERIVERS: Readonly<Record<string, Deriver>> = {
  s3: ({ params, partition }) => {
    const bucket = str(params.bucketName);
    if (!bucket) return { target: [] };
    const target = [`arn:${partition}:s3:::${bucket}`];
    const key = str(params.key);
    if (key) target.push(`arn:${partition}:s3:::${bucket}/${key}`);
    const source = copySource(params["x-amz-copy-source"], partition);
    return source ? { target, copySource: [source] } : { target };
  },
  dynamodb: (ctx) => ({
    target: named(ctx.params.tableName, (n) => regional(ctx, "dynamodb", `table/${n}`)),
  }),
  lambda: (ctx) => {
    const name = str(ctx.params.functionName);
    const arn = name ? lambdaFunction(ctx, name) : undefined;
    return { target: arn ? [arn] : [] };
  },
  sqs: (ctx) => ({ target: named(ctx.params.queueUrl, (url) => sqsQueue(ctx, url)) }),
  sns: (ctx) => ({ target: named(ctx.params.topicArn, () => undefined) }),
  kms: (ctx) => ({
    target: named(ctx.params.keyId, (id) => regional(ctx, "kms", id.startsWith("alias/") ? id : `key/${id}`)),
  }),
  // A secret's ARN ends in six random characters the name does not carry; IAM's documented
  // pattern for "this secret by name" is NAME-??????.
  secretsmanager: (ctx) => ({
    target: named(ctx.params.secretId, (n) => regional(ctx, "secretsmanager", `secret:${n}-??????`)),
  }),
  ssm: (ctx) => ({
    target: [ctx.params.name, ...(Array.isArray(ctx.params.names) ? ctx.params.names : [])].flatMap((n) =>
      named(n, (name) => regional(ctx, "ssm", `parameter/${name.replace(/^\//, "")}`)),
    ),
  }),
  sts: (ctx) => ({ target: named(ctx.params.roleArn, () => undefined) }),
};

/** A value that is already an ARN is kept; a name is turned into one when the context allows. */
function named(value: unknown, build: (name: string) => string | undefined): string[] {
  const name = str(value);
  if (!name) return [];
  if (name.startsWith("arn:")) return [name];
  const arn = build(name);
  return arn ? [arn] : [];
}

function regional(ctx: DeriveContext, service: string, resource: string): string | undefined {
  if (!ctx.region || !ctx.account) return undefined;
  return `arn:${ctx.partition}:${service}:${ctx.region}:${ctx.account}:${resource}`;
}

/**
 * Lambda accepts a name, `account:function:name` or an ARN, any of them with a `:qualifier`;
 * permissions are granted on the unqualified function.
 */
function lambdaFunction(ctx: DeriveContext, value: string): string | undefined {
  const parts = value.split(":");
  if (value.startsWith("arn:")) {
    return parts.length >= 7
      ? `arn:${parts[1]}:lambda:${parts[3]}:${parts[4]}:function:${parts[6]}`
      : undefined;
  }
  if (parts.length >= 3 && parts[1] === "function") {
    return regional({ ...ctx, account: parts[0] }, "lambda", `function:${parts[2]}`);
  }
  return regional(ctx, "lambda", `function:${parts[0]}`);
}

/** `https://sqs.<region>.amazonaws.com/<account>/<name>` (or the legacy queue.amazonaws.com). */
function sqsQueue(ctx: DeriveContext, url: string): string | undefined {
  const match = /^https?:\/\/[^/]+\/(\d{12})\/([^/?#]+)/.exec(url);
  if (!match || !ctx.region) return undefined;
  return `arn:${ctx.partition}:sqs:${ctx.region}:${match[1]}:${match[2]}`;
}

/** `x-amz-copy-source` is `bucket/key`, possibly with a leading slash, URL-encoded, `?versionId=`. */
function copySource(value: unknown, partition: string): string | undefined {
  const raw = str(value);
  if (!raw) return undefined;
  let path = raw.replace(/^\//, "").split("?")[0]!;
  try {
    path = decodeURIComponent(path);
  } catch {
    // not URL-encoded after all: keep the text as CloudTrail wrote it
  }
  return path.includes("/") ? `arn:${partition}:s3:::${path}` : undefined;
}

function str(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}
