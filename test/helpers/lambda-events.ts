import { randomUUID } from "node:crypto";
import type { APIGatewayProxyEventV2WithIAMAuthorizer, Context, ScheduledEvent, SQSEvent } from "aws-lambda";

export const LAMBDA_ACCOUNT = "123456789012";

/** A Lambda context as the runtime passes it (the handlers read the function ARN for the account). */
export function lambdaContext(functionName: string): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: "$LATEST",
    invokedFunctionArn: `arn:aws:lambda:us-east-1:${LAMBDA_ACCOUNT}:function:${functionName}`,
    memoryLimitInMB: "1024",
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: "2026/11/22/[$LATEST]0123456789abcdef",
    getRemainingTimeInMillis: () => 900_000,
    done: () => {},
    fail: () => {},
    succeed: () => {},
  };
}

/** An EventBridge scheduled event, as a `cron(...)` rule delivers it. */
export function scheduledEvent(id = randomUUID()): ScheduledEvent {
  return {
    version: "0",
    id,
    "detail-type": "Scheduled Event",
    source: "aws.events",
    account: LAMBDA_ACCOUNT,
    time: "2026-11-22T03:00:00Z",
    region: "us-east-1",
    resources: [`arn:aws:events:us-east-1:${LAMBDA_ACCOUNT}:rule/whittle-daily-audit`],
    detail: {},
  };
}

export interface HttpRequest {
  method: "GET" | "POST";
  /**
   * The route as declared, e.g. `/accounts/{accountId}/audits/{id}`; the raw path is built from it and
   * `pathParameters`, whose `accountId` is the function's own account unless given.
   */
  route: string;
  pathParameters?: Record<string, string>;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  body?: unknown;
}

/** An API Gateway HTTP API (payload 2.0) event for a route with the AWS_IAM authorizer. */
export function httpEvent(request: HttpRequest): APIGatewayProxyEventV2WithIAMAuthorizer {
  const params: Record<string, string> = {
    ...(request.route.includes("{accountId}") ? { accountId: LAMBDA_ACCOUNT } : {}),
    ...request.pathParameters,
  };
  const rawPath = request.route.replace(/\{(\w+)\}/g, (_, name: string) =>
    encodeURIComponent(params[name] ?? ""),
  );
  const rawQueryString = new URLSearchParams(request.query ?? {}).toString();
  const body = request.body === undefined ? undefined : JSON.stringify(request.body);
  return {
    version: "2.0",
    routeKey: `${request.method} ${request.route}`,
    rawPath,
    rawQueryString,
    headers: {
      host: "abc123.execute-api.us-east-1.amazonaws.com",
      "user-agent": "awscurl/0.36",
      "x-amz-date": "20261122T030000Z",
      ...(body ? { "content-type": "application/json" } : {}),
      ...request.headers,
    },
    ...(request.query ? { queryStringParameters: request.query } : {}),
    ...(Object.keys(params).length > 0 ? { pathParameters: params } : {}),
    requestContext: {
      accountId: LAMBDA_ACCOUNT,
      apiId: "abc123",
      domainName: "abc123.execute-api.us-east-1.amazonaws.com",
      domainPrefix: "abc123",
      http: {
        method: request.method,
        path: rawPath,
        protocol: "HTTP/1.1",
        sourceIp: "203.0.113.7",
        userAgent: "awscurl/0.36",
      },
      requestId: randomUUID(),
      routeKey: `${request.method} ${request.route}`,
      stage: "$default",
      time: "22/Nov/2026:03:00:00 +0000",
      timeEpoch: 1_795_316_400_000,
      authorizer: {
        iam: {
          accessKey: "ASIAEXAMPLEEXAMPLE",
          accountId: LAMBDA_ACCOUNT,
          callerId: "AROAEXAMPLE:secops",
          cognitoIdentity: null as never,
          principalOrgId: "o-example",
          userArn: `arn:aws:sts::${LAMBDA_ACCOUNT}:assumed-role/SecurityAuditor/secops`,
          userId: "AROAEXAMPLE:secops",
        },
      },
    },
    isBase64Encoded: false,
    ...(body ? { body } : {}),
  };
}

/** An SQS event delivering these message bodies (batch size as configured on the event source). */
export function sqsEvent(bodies: readonly unknown[]): SQSEvent {
  return {
    Records: bodies.map((body) => ({
      messageId: randomUUID(),
      receiptHandle: "AQEB-example",
      body: JSON.stringify(body),
      attributes: {
        ApproximateReceiveCount: "1",
        SentTimestamp: "1795316400000",
        SenderId: "AROAEXAMPLE",
        ApproximateFirstReceiveTimestamp: "1795316400001",
      },
      messageAttributes: {},
      md5OfBody: "",
      eventSource: "aws:sqs",
      eventSourceARN: `arn:aws:sqs:us-east-1:${LAMBDA_ACCOUNT}:whittle-audits`,
      awsRegion: "us-east-1",
    })),
  };
}
