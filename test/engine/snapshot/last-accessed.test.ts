import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import {
  readLastAccessedFile,
  readServiceLastAccessed,
} from "../../../core/engine/snapshot/last-accessed.js";
import { readOfflineSnapshot } from "../../../core/engine/snapshot/offline.js";
import { realData } from "../../helpers/paths.js";

const recorded = (jobId: string) =>
  JSON.parse(
    readFileSync(
      realData("cloudmapper-demo", "iam-get-service-last-accessed-details", `${jobId}.json`),
      "utf8",
    ),
  );

test("a recorded GetServiceLastAccessedDetails response reads into services with ISO dates", () => {
  const entry = readServiceLastAccessed(recorded("a2b53fd9-88bc-d0b5-1b9a-af9c4af22375"));
  assert.equal(entry.jobCompleted, "2019-05-03T21:56:43.085Z");
  assert.deepEqual(entry.services, [
    {
      namespace: "logs",
      name: "Amazon CloudWatch Logs",
      lastAuthenticated: "2019-04-15T04:19:00.000Z",
      lastAuthenticatedEntity: "arn:aws:iam::123456789012:role/level3",
      totalAuthenticatedEntities: 1,
    },
  ]);
});

test("ACTION_LEVEL details keep the tracked actions", () => {
  const entry = readServiceLastAccessed({
    JobStatus: "COMPLETED",
    ServicesLastAccessed: [
      {
        ServiceNamespace: "s3",
        TrackedActionsLastAccessed: [
          {
            ActionName: "GetObject",
            LastAccessedTime: "2024-05-01T00:00:00Z",
            LastAccessedRegion: "eu-west-1",
          },
        ],
      },
      { ServiceNamespace: "ec2" },
    ],
  });
  assert.deepEqual(entry.services[0]?.actions, [
    { action: "GetObject", lastAccessed: "2024-05-01T00:00:00.000Z", region: "eu-west-1" },
  ]);
  assert.equal(entry.services[1]?.lastAuthenticated, undefined);
});

test("the offline file maps principal ARNs to responses; a bad entry is named by its ARN", () => {
  const arn = "arn:aws:iam::123456789012:role/level3";
  const read = readLastAccessedFile({ [arn]: recorded("a2b53fd9-88bc-d0b5-1b9a-af9c4af22375") }, "la.json");
  assert.deepEqual(Object.keys(read), [arn]);
  assert.throws(() => readLastAccessedFile({ [arn]: { JobStatus: "COMPLETED" } }, "la.json"), {
    name: "SnapshotInputError",
    message: /la\.json, at "arn:aws:iam::123456789012:role\/level3"\.ServicesLastAccessed/,
  });
});

test("a job still in progress is not mistaken for an empty answer", () => {
  assert.throws(
    () => readServiceLastAccessed({ JobStatus: "IN_PROGRESS", ServicesLastAccessed: [] }),
    /IN_PROGRESS/,
  );
});

// A file whose ARNs are of another account, or spelled with another path, gives no principal its
// data: each principal's verdict is then unknown, with no word said why. `__proto__` was not even
// kept: set as the object's prototype.
test("entries naming no principal of the authorization details are warned about, each by its ARN", () => {
  const role = "arn:aws:iam::123456789012:role/level3";
  const entries = [role, "arn:aws:iam::123456789012:role/service-role/level3", "__proto__"];
  const text = `{${entries.map((arn) => `${JSON.stringify(arn)}: ${JSON.stringify(recorded("a2b53fd9-88bc-d0b5-1b9a-af9c4af22375"))}`).join(",")}}`;
  const gaad = JSON.stringify({
    RoleDetailList: [
      {
        Path: "/",
        RoleName: "level3",
        RoleId: "AROALEVEL3",
        Arn: role,
        CreateDate: "2019-01-01T00:00:00Z",
        AssumeRolePolicyDocument: { Version: "2012-10-17", Statement: [] },
      },
    ],
  });
  const snapshot = readOfflineSnapshot({
    snapshot: { file: "gaad.json", text: gaad },
    lastAccessed: { file: "la.json", text },
    collectedAt: new Date("2019-05-04T00:00:00Z"),
  });
  assert.deepEqual(Object.keys(snapshot.lastAccessed), entries);
  assert.equal(Object.getPrototypeOf(snapshot.lastAccessed), Object.prototype);
  for (const arn of entries.slice(1))
    assert.ok(
      snapshot.warnings.some((w) => w.includes(`last-accessed data lists ${arn},`)),
      `${arn}: ${snapshot.warnings.join("\n")}`,
    );
  assert.ok(!snapshot.warnings.some((w) => w.includes(`lists ${role},`)));
});

// Looked up by namespace, the last entry of a name won: `s3` last used yesterday, then `S3` with no
// date, read as s3 never used in the tracking period, and every s3 action it holds as unused.
test("a response naming a service, or a service's action, twice is an error naming it", () => {
  const used = { ActionName: "GetObject", LastAccessedTime: "2026-11-20T00:00:00Z" };
  const twice = [
    [{ ServiceNamespace: "s3", LastAuthenticated: "2026-11-20T00:00:00Z" }, { ServiceNamespace: "S3" }],
    [
      {
        ServiceNamespace: "s3",
        LastAuthenticated: "2026-11-20T00:00:00Z",
        TrackedActionsLastAccessed: [{ ActionName: "getobject" }, used],
      },
    ],
  ];
  for (const [services, name] of [
    [twice[0], /service s3 twice/i],
    [twice[1], /action s3:GetObject twice/i],
  ] as const)
    assert.throws(
      () =>
        readLastAccessedFile(
          { "arn:aws:iam::123456789012:role/r": { JobStatus: "COMPLETED", ServicesLastAccessed: services } },
          "la.json",
        ),
      (error: unknown) =>
        error instanceof Error &&
        error.name === "SnapshotInputError" &&
        name.test(error.message) &&
        /la\.json/.test(error.message),
    );
});
