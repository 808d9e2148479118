import assert from "node:assert/strict";
import { test } from "node:test";
import { SnapshotInputError } from "../../../core/engine/snapshot/errors.js";
import { readAuthorizationDetails } from "../../../core/engine/snapshot/gaad.js";
import { readOfflineSnapshot } from "../../../core/engine/snapshot/offline.js";

const collectedAt = new Date("2026-01-01T00:00:00Z");
const doc = {
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }],
};
const trust = {
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }],
};

const role = (name: string, extra: Record<string, unknown> = {}) => ({
  Path: "/",
  RoleName: name,
  RoleId: `AROA${name.toUpperCase()}`,
  Arn: `arn:aws:iam::111122223333:role/${name}`,
  CreateDate: "2024-01-02T03:04:05Z",
  AssumeRolePolicyDocument: trust,
  ...extra,
});

const read = (text: string, file = "gaad.json") =>
  readOfflineSnapshot({ snapshot: { file, text }, collectedAt });

test("URL-encoded documents (as the IAM API returns them) are decoded, and so are plain JSON strings", () => {
  const details = readAuthorizationDetails([
    {
      RoleDetailList: [
        role("encoded", {
          AssumeRolePolicyDocument: encodeURIComponent(JSON.stringify(trust)),
          RolePolicyList: [{ PolicyName: "p", PolicyDocument: encodeURIComponent(JSON.stringify(doc)) }],
        }),
        role("plain", { AssumeRolePolicyDocument: JSON.stringify(trust) }),
      ],
    },
  ]);
  assert.deepEqual(details.roles[0]?.trustPolicy, trust);
  assert.deepEqual(details.roles[0]?.inlinePolicies[0]?.document, doc);
  assert.deepEqual(details.roles[1]?.trustPolicy, trust);
});

test("pages printed one after another in one file are merged", () => {
  const page1 = JSON.stringify({ RoleDetailList: [role("a")], IsTruncated: true, Marker: "m1" }, null, 2);
  const page2 = JSON.stringify({ RoleDetailList: [role("b")], IsTruncated: false });
  const snapshot = read(`${page1}\n${page2}`);
  assert.deepEqual(
    snapshot.roles.map((r) => r.name),
    ["a", "b"],
  );
});

test("an input whose every page says more follows is read with a warning that the rest is missing", () => {
  // `--no-paginate` saves IAM's first page as is; `--max-items` ends the CLI's output with NextToken.
  const firstPage = { RoleDetailList: [role("a")], IsTruncated: true, Marker: "m1" };
  const cliPage = { RoleDetailList: [role("a")], NextToken: "eyJNYXJrZXIiOiAibTEifQ==" };
  for (const text of [
    JSON.stringify(firstPage),
    JSON.stringify(cliPage),
    JSON.stringify(firstPage) +
      JSON.stringify({ RoleDetailList: [role("b")], IsTruncated: true, Marker: "m2" }),
  ]) {
    const snapshot = read(text);
    assert.equal(snapshot.roles[0]?.name, "a");
    const missing = snapshot.warnings.filter((w) => /last page is missing/.test(w));
    assert.equal(missing.length, 1, snapshot.warnings.join("\n"));
    assert.ok(!snapshot.warnings.some((w) => w.includes("unknown field")), snapshot.warnings.join("\n"));
  }
  // Every page there, in any order: nothing is said.
  const last = JSON.stringify({ RoleDetailList: [role("b")], IsTruncated: false });
  for (const text of [JSON.stringify(firstPage) + last, last + JSON.stringify(firstPage)])
    assert.ok(!read(text).warnings.some((w) => /page/.test(w)), read(text).warnings.join("\n"));
});

test("a permissions boundary without its document (a filtered input) is named as a boundary whose limits are unknown", () => {
  const fence = "arn:aws:iam::111122223333:policy/fence";
  const snapshot = read(
    JSON.stringify({
      RoleDetailList: [
        role("a", {
          PermissionsBoundary: { PermissionsBoundaryType: "Policy", PermissionsBoundaryArn: fence },
        }),
      ],
    }),
  );
  const named = snapshot.warnings.filter((w) => w.includes(fence));
  assert.equal(named.length, 1, snapshot.warnings.join("\n"));
  assert.match(named[0]!, /permissions boundaries have no document.*what they hold back is unknown/);
  assert.ok(
    !snapshot.warnings.some((w) => /attached managed policies/.test(w)),
    snapshot.warnings.join("\n"),
  );
});

test("a role listed twice (overlapping pages) is kept once, with a warning", () => {
  const snapshot = read(
    JSON.stringify({ RoleDetailList: [role("a")] }) + JSON.stringify({ RoleDetailList: [role("a")] }),
  );
  assert.equal(snapshot.roles.length, 1);
  assert.ok(snapshot.warnings.some((w) => w.includes("role/a appears more than once")));
});

// Two saves of one account joined in one file: the first description was kept, and a role given
// AdministratorAccess between them was audited without it, its admin access never found.
test("a principal or policy listed twice with different contents is an input error naming it", () => {
  const admin = {
    AttachedManagedPolicies: [
      { PolicyName: "AdministratorAccess", PolicyArn: "arn:aws:iam::aws:policy/AdministratorAccess" },
    ],
  };
  assert.throws(
    () =>
      read(
        JSON.stringify({ RoleDetailList: [role("a")] }) +
          JSON.stringify({ RoleDetailList: [role("a", admin)] }),
      ),
    (error: unknown) =>
      error instanceof SnapshotInputError &&
      error.file === "gaad.json" &&
      /role\/a is described twice, differently/.test(error.message),
  );
  const policy = (action: string) => ({
    PolicyName: "p",
    PolicyId: "ANPAP",
    Arn: "arn:aws:iam::111122223333:policy/p",
    Path: "/",
    DefaultVersionId: "v1",
    AttachmentCount: 0,
    IsAttachable: true,
    PolicyVersionList: [
      {
        VersionId: "v1",
        IsDefaultVersion: true,
        Document: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: action, Resource: "*" }] },
      },
    ],
  });
  assert.throws(
    () =>
      read(
        JSON.stringify({ Policies: [policy("s3:GetObject")] }) + JSON.stringify({ Policies: [policy("*")] }),
      ),
    /policy\/p is described twice, differently/,
  );
});

test("a role under /aws-service-role/ is service-linked; an empty RoleLastUsed means not used, no field means no data", () => {
  const details = readAuthorizationDetails([
    {
      RoleDetailList: [
        role("AWSServiceRoleForSupport", {
          Path: "/aws-service-role/support.amazonaws.com/",
          RoleLastUsed: {},
        }),
        role("plain"),
      ],
    },
  ]);
  assert.equal(details.roles[0]?.serviceLinked, true);
  assert.deepEqual(details.roles[0]?.roleLastUsed, {});
  assert.equal(details.roles[1]?.serviceLinked, false);
  assert.equal(details.roles[1]?.roleLastUsed, undefined);
});

test("an empty Tags list means no tags; no Tags field means the tags are not known", () => {
  const details = readAuthorizationDetails([
    {
      RoleDetailList: [
        role("untagged", { Tags: [] }),
        role("tagged", { Tags: [{ Key: "team", Value: "web" }] }),
        role("old"),
      ],
    },
  ]);
  assert.deepEqual(
    details.roles.map((r) => [r.name, r.tags.length, r.tagsUnknown]),
    [
      ["untagged", 0, undefined],
      ["tagged", 1, undefined],
      ["old", 0, true],
    ],
  );
});

test("truncated JSON is an error naming the file, line and column", () => {
  const text = JSON.stringify({ RoleDetailList: [role("a")] }, null, 2).slice(0, 120);
  assert.throws(
    () => read(text, "cut.json"),
    (error: unknown) =>
      error instanceof SnapshotInputError &&
      error.file === "cut.json" &&
      error.line === 1 &&
      /truncated/.test(error.message),
  );
});

test("a syntax error is reported at its line", () => {
  const text = '{\n  "RoleDetailList": [\n    { "RoleName": "x" ,, }\n  ]\n}';
  assert.throws(
    () => read(text, "bad.json"),
    (error: unknown) =>
      error instanceof SnapshotInputError && error.line === 3 && /bad\.json, line 3/.test(error.message),
  );
});

test("a policy document that is not JSON is an error naming its JSON path", () => {
  const text = JSON.stringify({
    RoleDetailList: [
      role("a"),
      role("b", { RolePolicyList: [{ PolicyName: "p", PolicyDocument: "%7Bnot json" }] }),
    ],
  });
  assert.throws(
    () => read(text, "doc.json"),
    (error: unknown) =>
      error instanceof SnapshotInputError &&
      error.path === "RoleDetailList[1].RolePolicyList[0].PolicyDocument" &&
      /doc\.json/.test(error.message),
  );
});

test("a principal without its name is an error naming the field", () => {
  const { RoleName: _, ...nameless } = role("a");
  assert.throws(() => read(JSON.stringify({ RoleDetailList: [nameless] })), {
    name: "SnapshotInputError",
    message: /at RoleDetailList\[0\]\.RoleName/,
  });
});

test("unknown fields are recorded as warnings and the rest is read", () => {
  const snapshot = read(JSON.stringify({ RoleDetailList: [role("a", { ShinyNewField: 1 })], Extra: [] }));
  assert.equal(snapshot.roles.length, 1);
  assert.ok(snapshot.warnings.some((w) => w.includes("ShinyNewField") && w.includes("RoleDetailList[0]")));
  assert.ok(snapshot.warnings.some((w) => w.includes("Extra")));
});

test("a file that is not a GAAD (a cloudsplaining result, say) is rejected by name", () => {
  assert.throws(() => read(JSON.stringify({ roles: {}, users: {} }), "results.json"), {
    name: "SnapshotInputError",
    message: /results\.json.*not a GetAccountAuthorizationDetails output/,
  });
});

test("an empty file is an error", () => {
  assert.throws(() => read("  \n", "empty.json"), { name: "SnapshotInputError", message: /empty/ });
});

test("hostile strings in names and tags are kept verbatim as data", () => {
  const hostile = `<script>alert("x")</script>'; DROP TABLE--\u2028${"\u0000"}%00{{7*7}}`;
  const details = readAuthorizationDetails([
    {
      UserDetailList: [
        {
          Path: "/",
          UserName: "u",
          UserId: "AIDA1",
          Arn: "arn:aws:iam::111122223333:user/u",
          CreateDate: "2024-01-01T00:00:00Z",
          Tags: [{ Key: hostile, Value: hostile }],
          UserPolicyList: [{ PolicyName: hostile, PolicyDocument: doc }],
        },
      ],
    },
  ]);
  assert.deepEqual(details.users[0]?.tags, [{ key: hostile, value: hostile }]);
  assert.equal(details.users[0]?.inlinePolicies[0]?.name, hostile);
});

test("a user's permissions boundary and group names are read", () => {
  const details = readAuthorizationDetails([
    {
      UserDetailList: [
        {
          Path: "/",
          UserName: "b",
          UserId: "AIDAB",
          Arn: "arn:aws:iam::111122223333:user/b",
          CreateDate: "2024-01-01T00:00:00Z",
          GroupList: ["g"],
          PermissionsBoundary: {
            PermissionsBoundaryType: "Policy",
            PermissionsBoundaryArn: "arn:aws:iam::111122223333:policy/Boundary",
          },
        },
      ],
    },
  ]);
  assert.equal(details.users[0]?.permissionsBoundaryArn, "arn:aws:iam::111122223333:policy/Boundary");
  assert.deepEqual(details.users[0]?.groups, ["g"]);
  assert.ok(details.warnings.some((w) => w.includes("policy/Boundary")));
  assert.ok(details.warnings.some((w) => w.includes("group g")));
});

test("a document given as text that holds a key twice in one object is read, with a warning naming the document and the key", () => {
  // A Deny then an Allow in one statement: JSON.parse keeps the Allow, IAM's choice is undocumented.
  const twice =
    '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Effect":"Allow","Action":"s3:*","Resource":"*",' +
    '"Condition":{"StringEquals":{"aws:SourceVpc":"vpc-1","aws:Source\\u0056pc":"vpc-2"}}}]}';
  const trustTwice = `{"Version":"2012-10-17","Statement":${JSON.stringify(trust.Statement)},"Statement":[]}`;
  const details = readAuthorizationDetails([
    {
      RoleDetailList: [
        role("app", {
          AssumeRolePolicyDocument: encodeURIComponent(trustTwice),
          RolePolicyList: [{ PolicyName: "data", PolicyDocument: encodeURIComponent(twice) }],
        }),
        role("clean", {
          RolePolicyList: [{ PolicyName: "data", PolicyDocument: encodeURIComponent(JSON.stringify(doc)) }],
        }),
      ],
      IsTruncated: false,
    },
  ]);
  assert.equal(details.roles[0]?.inlinePolicies[0]?.document && "read", "read");
  const about = details.warnings.filter((w) => /twice in one object/.test(w));
  assert.deepEqual(
    about.map((w) => w.replace(/ twice in one object.*/, "")),
    [
      'arn:aws:iam::111122223333:role/app inline policy data holds the key "Statement[0].Effect"',
      'arn:aws:iam::111122223333:role/app inline policy data holds the key "Statement[0].Condition.StringEquals.aws:SourceVpc"',
      'arn:aws:iam::111122223333:role/app trust policy holds the key "Statement"',
    ],
  );
  assert.match(about[0] ?? "", /which one IAM enforces is not documented/);
});

test("a date given as a number, or naming no real day (February 30, month 13), is an input error that names the value", () => {
  for (const [value, shown] of [
    [1700000000, "1700000000"],
    ["2024-02-30T10:00:00Z", '"2024-02-30T10:00:00Z"'],
    ["2024-13-01T10:00:00Z", '"2024-13-01T10:00:00Z"'],
    ["2024-06-03 24:00:00+00:00", '"2024-06-03 24:00:00+00:00"'],
  ] as const) {
    const text = JSON.stringify({ RoleDetailList: [role("a", { CreateDate: value })] });
    assert.throws(
      () => read(text),
      (error: unknown) => {
        assert.ok(error instanceof SnapshotInputError);
        assert.match(
          error.message,
          new RegExp(`RoleDetailList\\[0\\]\\.CreateDate: not a date: ${shown.replace(/[+]/g, "\\+")}`),
        );
        return true;
      },
      String(value),
    );
  }
  // A leap day is a day.
  const leap = read(JSON.stringify({ RoleDetailList: [role("a", { CreateDate: "2024-02-29T10:00:00Z" })] }));
  assert.equal(leap.roles[0]?.createDate, "2024-02-29T10:00:00.000Z");
});

test("a document URL-encoded twice is an input error that says so, naming where it is", () => {
  const twice = encodeURIComponent(encodeURIComponent(JSON.stringify(trust)));
  const text = JSON.stringify({ RoleDetailList: [role("a", { AssumeRolePolicyDocument: twice })] });
  assert.throws(
    () => read(text),
    (error: unknown) => {
      assert.ok(error instanceof SnapshotInputError);
      assert.match(
        error.message,
        /RoleDetailList\[0\]\.AssumeRolePolicyDocument: policy document is URL-encoded twice/,
      );
      return true;
    },
  );
});
