import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";

export interface LoopbackAnswer {
  status: number;
  contentType: string;
  body: string;
}

export interface LoopbackServer {
  endpoint: string;
  close(): Promise<void>;
}

/**
 * A loopback HTTP server playing an AWS API that moto lacks. Every request gets an answer: when
 * the handler throws, a 500 naming the error, so the client under test fails instead of waiting.
 */
export async function startLoopback(
  handle: (body: string, req: IncomingMessage) => LoopbackAnswer,
): Promise<LoopbackServer> {
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => {
      body += chunk;
    });
    req.on("end", () => {
      let answer: LoopbackAnswer;
      try {
        answer = handle(body, req);
      } catch (error) {
        answer = {
          status: 500,
          contentType: "text/plain",
          body: `loopback handler failed: ${String(error)}`,
        };
      }
      res.writeHead(answer.status, { "content-type": answer.contentType }).end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
