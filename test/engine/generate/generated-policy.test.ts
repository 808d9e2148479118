import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { generatedPolicy } from "../../../core/engine/generate/generated-policy.js";
import { documentText } from "../../../core/engine/generate/iac.js";
import { jsonSize, textSize } from "../../../core/engine/generate/json-size.js";
import { proposedPermissions } from "../../../core/engine/generate/proof.js";
import { packDocuments, policySize } from "../../../core/engine/generate/split.js";
import type { PolicyDocument } from "../../../core/engine/generate/types.js";
import { parsePolicy } from "../../../core/engine/policy/parse.js";
import { variedRecommendations } from "../../helpers/varied-principals.js";

const recommendations = variedRecommendations(48);

/** What the proofs would read if they parsed the text the user receives. */
const parsedText = (document: PolicyDocument) =>
  parsePolicy(JSON.parse(documentText(document)), { kind: "identity" });

test("the varied principals yield many documents, with conditions, carried Denies and NotResource", () => {
  const documents = recommendations.flatMap((r) => r.policies.map((p) => p.document));
  const statements = documents.flatMap((d) => d.Statement);
  assert.ok(documents.length > 100, `${documents.length} documents`);
  assert.ok(statements.some((s) => Object.keys(s.Condition ?? {}).some((o) => o.endsWith("IfExists"))));
  assert.ok(statements.some((s) => s.Effect === "Deny"));
  assert.ok(statements.some((s) => s.NotResource));
  assert.ok(statements.some((s) => s.NotAction));
});

test("every generated document taken as typed is the parse of its emitted text", () => {
  for (const r of recommendations) {
    for (const { name, document } of r.policies) {
      const typed = generatedPolicy(document, policySize(document));
      assert.ok(typed, name);
      const { policy, problems } = parsedText(document);
      assert.deepEqual(problems, [], name);
      assert.deepStrictEqual(typed, policy, name);
    }
  }
});

test("packing counts each document's size as its text measures", () => {
  for (const r of recommendations) {
    const statements = r.policies.flatMap((p) => p.document.Statement);
    for (const limit of [6144, 2048, 30_000]) {
      const { documents, sizes } = packDocuments(statements, limit);
      assert.deepEqual(sizes, documents.map(policySize));
      assert.ok(sizes.every((s) => s <= limit));
    }
  }
});

test("the proofs see the same permissions whether the documents are taken as typed or parsed", () => {
  for (const r of recommendations.slice(0, 12)) {
    // Fresh objects each way: a document object already read keeps the policy first read from it.
    const fresh = () => r.policies.map((p) => structuredClone(p.document));
    const current = r.current;
    const typedDocuments = fresh();
    const typed = proposedPermissions(current, typedDocuments, typedDocuments.map(policySize));
    const parsed = proposedPermissions(current, fresh());
    assert.deepStrictEqual(typed.statements, parsed.statements);
    assert.ok(typed.effective().possible.equals(parsed.effective().possible));
  }
});

test("a document object read again, as a plan's proof reads its recommendation's, gives the policy first read", () => {
  const r = recommendations[0]!;
  const documents = r.policies.map((p) => p.document);
  const first = proposedPermissions(r.current, documents).policies.identity.map((p) => p.policy);
  const again = proposedPermissions(r.current, documents).policies.identity.map((p) => p.policy);
  for (const [i, policy] of first.entries()) assert.equal(again[i], policy);
  const copies = proposedPermissions(
    r.current,
    documents.map((d) => structuredClone(d)),
  );
  copies.policies.identity.forEach((p, i) => {
    assert.notEqual(p.policy, first[i]);
    assert.deepStrictEqual(p.policy, first[i]);
  });
});

// Strings JSON escapes or IAM's count skips, beside ordinary ones.
const text = fc.oneof(
  fc.string(),
  fc.string({ unit: "binary" }),
  fc.constantFrom(
    "",
    " ",
    "a b",
    "\t",
    "\n",
    "\u00a0",
    "\u2028",
    "\ufeff",
    "\ud800",
    '"',
    "\\",
    "é",
    "\u0000",
  ),
);

test("a statement's size is counted as its compact text measures without whitespace", () => {
  const condition = fc.dictionary(text, fc.dictionary(text, fc.array(text, { maxLength: 3 })), {
    maxKeys: 2,
  });
  const statement = fc.record(
    {
      Sid: text,
      Effect: fc.constantFrom("Allow", "Deny"),
      Action: fc.array(text, { maxLength: 4 }),
      Resource: fc.array(text, { maxLength: 4 }),
      NotResource: fc.array(text, { maxLength: 2 }),
      Condition: condition,
      Other: fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.constant(undefined)),
    },
    { requiredKeys: ["Sid"] },
  );
  fc.assert(
    fc.property(statement, (s) => assert.equal(jsonSize(s), textSize(JSON.stringify(s)))),
    { numRuns: 2000 },
  );
});

test("a document near the generated shape is taken as typed only when its text parses to the same policy", () => {
  const action = fc.oneof(
    fc.constantFrom("s3:GetObject", "ec2:Describe*", "*", "iam:PassRole", "s3:Get Object", "s3", "", 3),
    text,
  );
  const resource = fc.oneof(
    { arbitrary: fc.constantFrom("*", "arn:aws:s3:::b/*", "arn:aws:sqs:us-east-1:1:q", "arn:"), weight: 4 },
    { arbitrary: text.map((t) => `arn:${t}`), weight: 12 },
    fc.constantFrom("b/*", ""),
  );
  const operator = fc.oneof(
    {
      arbitrary: fc.constantFrom("StringEquals", "ForAnyValue:StringLike", "StringNotEqualsIfExists", "Null"),
      weight: 6,
    },
    fc.constantFrom("NullIfExists", "Unknown", "ForAllValues:IpAddress", "ArnLike"),
  );
  const values = fc.oneof(
    { arbitrary: fc.array(text, { maxLength: 2 }), weight: 8 },
    fc.constant([1]),
    fc.constant("v"),
  );
  const condition = fc.dictionary(
    operator,
    fc.oneof(
      { arbitrary: fc.dictionary(text, values, { maxKeys: 2, noNullPrototype: true }), weight: 8 },
      fc.constant([]),
    ),
    { maxKeys: 2, noNullPrototype: true },
  );
  // Mostly of the generated shape, with one element at a time made odd.
  const likely = fc
    .record(
      {
        Sid: text,
        Effect: fc.constantFrom("Allow", "Deny"),
        Action: fc.array(fc.constantFrom("s3:GetObject", "ec2:Describe*", "*", "iam:PassRole"), {
          minLength: 1,
          maxLength: 3,
        }),
        resources: fc.array(resource, { minLength: 1, maxLength: 3 }),
        not: fc.boolean(),
        Condition: fc.option(condition, { nil: undefined }),
      },
      { noNullPrototype: true },
    )
    .map(({ resources, not, Condition, ...rest }) => ({
      ...rest,
      ...(not ? { NotResource: resources } : { Resource: resources }),
      ...(Condition ? { Condition } : {}),
    }));
  const odd = fc.record(
    {
      Sid: fc.oneof(text, fc.constant(7)),
      Effect: fc.constantFrom("Allow", "Deny", "allow"),
      Action: fc.oneof(fc.array(action, { maxLength: 3 }), fc.constant("s3:GetObject")),
      Resource: fc.oneof(fc.array(resource, { maxLength: 3 }), fc.constant("*")),
      NotResource: fc.array(resource, { minLength: 1, maxLength: 2 }),
      Condition: condition,
      Principal: fc.constant("*"),
    },
    { requiredKeys: ["Effect"], noNullPrototype: true },
  );
  const statement = fc.oneof({ arbitrary: likely, weight: 12 }, { arbitrary: odd, weight: 1 });
  const document = fc.oneof(
    {
      arbitrary: fc.record({ Version: fc.constant("2012-10-17"), Statement: fc.array(statement) }),
      weight: 4,
    },
    fc.record(
      {
        Version: fc.constantFrom("2012-10-17", "2008-10-17"),
        Statement: fc.array(statement, { maxLength: 2 }),
        Id: fc.constant("x"),
      },
      { requiredKeys: ["Statement"], noNullPrototype: true },
    ),
  );
  let typedCount = 0;
  fc.assert(
    fc.property(document, (d) => {
      const typed = generatedPolicy(d as PolicyDocument, policySize(d as PolicyDocument));
      if (!typed) return;
      typedCount++;
      const { policy, problems } = parsedText(d as PolicyDocument);
      assert.deepEqual(problems, []);
      assert.deepStrictEqual(typed, policy);
    }),
    { numRuns: 3000 },
  );
  console.log(typedCount);
  assert.ok(typedCount > 100, `${typedCount} documents taken as typed`);
});
