import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { CreateOrganizationCommand, OrganizationsClient } from "@aws-sdk/client-organizations";
import { clientConfig } from "../../core/aws/clients.js";
import { loadCatalog } from "../../core/node/load-catalog.js";
import { runOrganizationAudit } from "../../core/node/organization-audit.js";
import { reportFixture } from "../fixtures/report-fixture.js";
import { type MotoServer, startMoto } from "../helpers/moto.js";

/** What the hostile endpoint answers for the caller's account, in ListAccounts and GetCallerIdentity alike. */
const HOSTILE = "../../escaped";

let moto: MotoServer;
let management = "";
let proxy: Server;
let endpoint = "";

// A proxy in front of moto answering the caller's account id as a path wherever it appears in
// ListAccounts and GetCallerIdentity, as a hostile or broken endpoint may.
before(async () => {
  moto = await startMoto();
  const organizations = new OrganizationsClient(clientConfig(moto.connection));
  const org = await organizations.send(new CreateOrganizationCommand({ FeatureSet: "ALL" }));
  management = org.Organization?.MasterAccountId ?? "";
  const upstream = new URL(moto.endpoint);
  proxy = createServer((req, res) => {
    const body: Buffer[] = [];
    req.on("data", (c: Buffer) => body.push(c));
    req.on("end", () => {
      const sent = Buffer.concat(body).toString();
      const rewrite =
        /ListAccounts/.test(String(req.headers["x-amz-target"] ?? "")) ||
        /Action=GetCallerIdentity/.test(sent);
      const out = request(
        {
          host: upstream.hostname,
          port: upstream.port,
          path: req.url,
          method: req.method,
          headers: req.headers,
        },
        (answer) => {
          const got: Buffer[] = [];
          answer.on("data", (c: Buffer) => got.push(c));
          answer.on("end", () => {
            let text = Buffer.concat(got).toString();
            if (rewrite) text = text.replaceAll(management, HOSTILE);
            const { "content-length": _, ...headers } = answer.headers;
            res.writeHead(answer.statusCode ?? 500, headers).end(text);
          });
        },
      );
      out.end(sent);
    });
  });
  await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
  endpoint = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
});
after(async () => {
  proxy?.close();
  await moto.stop();
});

test("an account id that is not 12 digits fails that account, and nothing is written outside the output folder", async () => {
  const root = mkdtempSync(join(tmpdir(), "whittle-org-ids-"));
  const outDir = join(root, "a", "out");
  mkdirSync(outDir, { recursive: true });
  try {
    const report = await runOrganizationAudit({
      connection: { ...moto.connection, endpoint },
      memberRoleName: "WhittleAuditReadOnly",
      outDir,
      concurrency: 1,
      catalog: loadCatalog(),
      window: { start: "2026-11-01T00:00:00Z", end: "2026-11-02T00:00:00Z", days: 1 },
      generatedAt: "2026-11-02T00:00:00Z",
      activityFor: async () => ({ activity: [] }),
      audit: async (sources) => {
        const snapshot = await sources.snapshot.load();
        return { ...reportFixture(), accountId: snapshot.accountId };
      },
    });
    assert.equal(existsSync(join(root, "escaped")), false, "a report was written outside the output folder");
    assert.deepEqual(readdirSync(root), ["a"]);
    const account = report.accounts.find((a) => a.accountId === HOSTILE);
    assert.ok(account, JSON.stringify(report.accounts));
    assert.equal(account.status, "failed");
    assert.match(String(account.reason), /not an AWS account id \(12 digits\)/);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
