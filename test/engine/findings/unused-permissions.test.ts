import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { createObservability } from "../../../core/engine/activity/observability.js";
import { defaultLogging } from "../../../core/engine/activity/trail-logging.js";
import type { ActionUsage, PrincipalUsage } from "../../../core/engine/activity/usage.js";
import { findingId } from "../../../core/engine/findings/types.js";
import { detectUnusedActions, unusedAction } from "../../../core/engine/findings/unused-action.js";
import type { UnusedPermissionsContext } from "../../../core/engine/findings/unused-permissions.js";
import { detectUnusedServices, unusedService } from "../../../core/engine/findings/unused-service.js";
import { loadCatalog } from "../../../core/node/load-catalog.js";
import { doc } from "../../helpers/policies.js";
import { role, snapshotWith } from "../../helpers/snapshot-fixture.js";
import { contextFor, iso, seen } from "./context.js";

const catalog = loadCatalog();
const ARN = "arn:aws:iam::123456789012:role/app";
const WINDOW = { start: "2026-08-24T00:00:00Z", end: "2026-11-22T00:00:00Z", days: 90 };
const observability = createObservability(catalog);

function granted(...names: string[]) {
  const set = catalog.emptySet();
  for (const name of names) set.add(catalog.action(name)!.id);
  return set;
}

function used(...names: string[]): PrincipalUsage {
  const action = (name: string): ActionUsage => ({
    action: name,
    count: 1,
    denied: 0,
    firstSeen: "2026-11-01T00:00:00Z",
    lastSeen: "2026-11-01T00:00:00Z",
    regions: ["us-east-1"],
    resources: [],
    resourceOverflow: 0,
    unscoped: 1,
    authorizations: [{ region: "us-east-1", count: 1 }],
    authorizationOverflow: 0,
  });
  return {
    principal: { kind: "role", id: ARN },
    events: names.length,
    firstSeen: "2026-11-01T00:00:00Z",
    lastSeen: "2026-11-01T00:00:00Z",
    accessKeys: [],
    actions: names.map(action),
  };
}

function ctx(overrides: Partial<UnusedPermissionsContext>): UnusedPermissionsContext {
  return {
    catalog,
    principalArn: ARN,
    granted: granted(),
    usage: undefined,
    observable: (action) => observability.observable(action, [defaultLogging()]),
    traced: (action) => observability.traced(action, [defaultLogging()]),
    window: WINDOW,
    ...overrides,
  };
}

describe("unused-service", () => {
  test("reports a granted service with no use in the window, with the window in the evidence", () => {
    const findings = detectUnusedServices(
      ctx({
        granted: granted("iam:CreateUser", "iam:ListUsers", "ec2:DescribeInstances"),
        usage: used("ec2:DescribeInstances"),
      }),
    );
    assert.equal(findings.length, 1);
    const [finding] = findings;
    assert.equal(finding?.kind, "unused-service");
    assert.equal(finding?.id, findingId("unused-service", ARN));
    assert.deepEqual(finding?.evidence.services, [
      { service: "iam", observableActions: 2, unobservableActions: 0, lastAccessed: null },
    ]);
    assert.deepEqual(finding?.evidence.window, WINDOW);
    assert.equal(finding?.principalArn, ARN);
  });

  test("last-accessed data in the window counts as use of the service", () => {
    const findings = detectUnusedServices(
      ctx({ granted: granted("iam:ListUsers"), lastAccessed: { services: { iam: "2026-10-01T00:00:00Z" } } }),
    );
    assert.deepEqual(findings, []);
  });

  test("last-accessed data older than the window does not", () => {
    const findings = detectUnusedServices(
      ctx({ granted: granted("iam:ListUsers"), lastAccessed: { services: { iam: "2026-01-01T00:00:00Z" } } }),
    );
    assert.equal(findings.length, 1);
  });

  test("a service granted only unobservable actions is never called unused", () => {
    assert.deepEqual(detectUnusedServices(ctx({ granted: granted("iam:PassRole", "s3:GetObject") })), []);
  });

  test("nor one granted a call the trail may not record beside calls it records", () => {
    // s3:GetObject is a data event a trail of management events never shows.
    const view = ctx({ granted: granted("s3:GetObject", "s3:ListAllMyBuckets") });
    assert.deepEqual(detectUnusedServices(view), []);
    assert.deepEqual(detectUnusedActions(view)[0]?.actions, ["s3:ListAllMyBuckets"]);
  });

  test("a call only ever checked inside another call (iam:PassRole) leaves its service's silence meaningful", () => {
    const [finding] = detectUnusedServices(ctx({ granted: granted("iam:PassRole", "iam:ListUsers") }));
    assert.deepEqual(finding?.evidence.services, [
      { service: "iam", observableActions: 1, unobservableActions: 1, lastAccessed: null },
    ]);
  });

  test("a service with permissions-management actions is medium severity", () => {
    const [finding] = detectUnusedServices(ctx({ granted: granted("iam:AttachRolePolicy") }));
    assert.equal(finding?.severity, "medium");
  });
});

test("an administrator gets one unused-service finding naming every unused service, not one per service", () => {
  const findings = detectUnusedServices(
    ctx({ granted: catalog.fullSet(), usage: used("ec2:DescribeInstances") }),
  );
  assert.equal(findings.length, 1);
  const services = findings[0]!.evidence.services as { service: string }[];
  // Only services whose every call a trail of management events records: most have some it does not.
  assert.ok(services.length > 20, `${services.length} services`);
  assert.equal(
    services.some((s) => s.service === "ec2"),
    false,
  );
});

describe("unused-action", () => {
  test("reports granted, observable actions not called in a service that is used", () => {
    const findings = detectUnusedActions(
      ctx({
        granted: granted("ec2:DescribeInstances", "ec2:TerminateInstances", "iam:PassRole"),
        usage: used("ec2:DescribeInstances"),
      }),
    );
    assert.equal(findings.length, 1);
    assert.equal(findings[0]?.id, findingId("unused-action", ARN));
    assert.deepEqual(findings[0]?.actions, ["ec2:TerminateInstances"]);
    assert.deepEqual(findings[0]?.evidence.window, WINDOW);
  });

  test("stays silent for services that are unused as a whole (unused-service covers them)", () => {
    assert.deepEqual(detectUnusedActions(ctx({ granted: granted("iam:ListUsers", "iam:CreateUser") })), []);
  });

  test("action-level last-accessed data counts as use", () => {
    const findings = detectUnusedActions(
      ctx({
        granted: granted("ec2:DescribeInstances", "ec2:TerminateInstances"),
        usage: used("ec2:DescribeInstances"),
        lastAccessed: { actions: { "ec2:TerminateInstances": "2026-11-10T00:00:00Z" } },
      }),
    );
    assert.deepEqual(findings, []);
  });

  test("a granted action AWS refused is tried, not unused: the refusal may be another check's", () => {
    // S3 refuses a read of a missing key, or of an SSE-KMS object without kms:Decrypt, whatever
    // the caller's s3:GetObject (refused-object-reads.test.ts).
    const usage = used("ec2:DescribeInstances", "ec2:TerminateInstances");
    usage.actions[1] = { ...usage.actions[1]!, count: 0, denied: 3 };
    const findings = detectUnusedActions(
      ctx({ granted: granted("ec2:DescribeInstances", "ec2:TerminateInstances"), usage }),
    );
    assert.deepEqual(findings, []);
  });
});

describe("a principal younger than the window", () => {
  const actions = ["ec2:DescribeInstances", "ec2:TerminateInstances", "iam:CreateUser"];
  const findingsFor = (createDate: string) => {
    const app = role("app", {
      createDate,
      inlinePolicies: [{ name: "p", document: doc({ Effect: "Allow", Action: actions, Resource: "*" }) }],
    });
    const activity = {
      ...seen(() => new Date(iso(1))),
      observable: granted(...actions),
      usageOf: () => used("ec2:DescribeInstances"),
    };
    const context = contextFor(snapshotWith({ roles: [app] }), { activity });
    const subject = context.account.of(app.arn)!;
    return [...unusedService.detect(context, subject), ...unusedAction.detect(context, subject)];
  };

  test("a principal that existed for the whole window gets its unused services and actions", () => {
    assert.deepEqual(
      findingsFor(iso(200)).map((f) => f.kind),
      ["unused-service", "unused-action"],
    );
  });

  test("one created inside the window is too young to judge: the window did not see it for its length", () => {
    // A weekly job's role created ten days ago has had one run, not ninety days of them.
    assert.deepEqual(findingsFor(iso(10)), []);
  });
});
