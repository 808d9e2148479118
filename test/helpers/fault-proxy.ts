import {
  createServer,
  request as forward,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from "node:http";
import type { Socket } from "node:net";

/** What the proxy does with one request: pass it on, or one of the faults a network and AWS produce. */
export type Fault = "pass" | "throttle" | "server-error" | "reset" | "stall";

/** A service's error answer in a JSON protocol (Organizations, DynamoDB): its type and fields. */
export interface ServiceError {
  status: number;
  type: string;
  message: string;
  fields?: Record<string, string>;
}

export interface RequestInfo {
  method: string;
  path: string;
  /** `X-Amz-Target` (JSON protocols: DynamoDB, SFN) or the query's `Action` (IAM, STS). */
  operation: string;
  /** The signing name in the request's credential scope: `iam`, `s3`, `dynamodb`, `sts`... */
  service: string;
  /** The request's body as text (a JSON protocol's parameters). */
  body: string;
}

export interface FaultProxy {
  endpoint: string;
  /** Decides each request's fate, or the service error it meets; the default passes everything. */
  plan: (request: RequestInfo) => Fault | ServiceError;
  /** Counts of faults injected, by kind (`error`: a service error the plan gave). */
  injected: Record<Fault | "error", number>;
  /** Every request seen, in order, with when (`Date.now()`) and what it met. */
  log: (RequestInfo & { at: number; fault: Fault | "error" })[];
  stop(): Promise<void>;
}

/**
 * A loopback HTTP proxy in front of moto that injects faults by plan: throttling (the service's own
 * throttling error), a 500, a connection reset, or a response that never comes.
 */
export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const upstream = new URL(target);
  const sockets = new Set<Socket>();
  const proxy: FaultProxy = {
    endpoint: "",
    plan: () => "pass",
    injected: { pass: 0, throttle: 0, "server-error": 0, reset: 0, stall: 0, error: 0 },
    log: [],
    stop: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
  const server: Server = createServer(async (req, res) => {
    const body = await collect(req);
    const info = describe(req, body);
    const planned = proxy.plan(info);
    const fault = typeof planned === "string" ? planned : "error";
    proxy.injected[fault]++;
    proxy.log.push({ ...info, at: Date.now(), fault });
    if (typeof planned !== "string")
      return void res
        .writeHead(planned.status, { "content-type": "application/x-amz-json-1.1" })
        .end(JSON.stringify({ __type: planned.type, message: planned.message, ...planned.fields }));
    if (fault === "stall") return; // never answered; the client's timeout must end it
    if (fault === "reset") return req.socket.destroy();
    if (fault === "throttle") return throttle(res, info);
    if (fault === "server-error")
      return res.writeHead(500, { "content-type": "text/plain" }).end("Internal Error");
    const out = forward(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: req.headers,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    out.once("error", () => req.socket.destroy());
    out.end(body);
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  proxy.endpoint = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  return proxy;
}

function collect(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.once("end", () => resolve(Buffer.concat(chunks)));
    req.once("error", reject);
  });
}

function describe(req: IncomingMessage, body: Buffer): RequestInfo {
  const target = req.headers["x-amz-target"];
  const action = /(?:^|&)Action=([^&]+)/.exec(body.toString("utf8"))?.[1];
  const scope = /Credential=[^/]+\/\d{8}\/[^/]+\/([^/]+)\//.exec(req.headers.authorization ?? "");
  return {
    body: body.toString("utf8"),
    service: scope?.[1] ?? "",
    method: req.method ?? "GET",
    path: req.url ?? "/",
    operation: typeof target === "string" ? target : (action ?? `${req.method} ${req.url?.split("?")[0]}`),
  };
}

/** Each protocol's own throttling answer, so the SDK classifies it as throttling and backs off. */
function throttle(res: ServerResponse, info: RequestInfo): void {
  if (info.service === "s3")
    return void res
      .writeHead(503, { "content-type": "application/xml" })
      .end(`<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>`);
  if (info.service === "iam" || info.service === "sts")
    return void res
      .writeHead(400, { "content-type": "text/xml" })
      .end(
        `<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error><RequestId>1</RequestId></ErrorResponse>`,
      );
  // JSON protocols (DynamoDB, Step Functions)
  res
    .writeHead(400, { "content-type": "application/x-amz-json-1.0" })
    .end(JSON.stringify({ __type: "ThrottlingException", message: "Rate exceeded" }));
}
