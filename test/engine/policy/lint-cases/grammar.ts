import { allow, bucket, type Cases, doc, identity } from "./case.js";

const ok = allow("s3:GetObject", "arn:aws:s3:::b/*");

/** Document and statement grammar, reported by the parser. */
export const GRAMMAR: Cases = {
  "malformed-json": identity('{"Version": "2012-10-17", "Statement": [', ok),
  "not-an-object": identity("[]", ok),
  "unknown-element": identity({ ...ok, Extra: 1 }, ok),
  // Text only: parsed, an object keeps one of the two keys.
  "duplicate-key": identity(
    '{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}',
    JSON.stringify(ok),
  ),
  "missing-version": identity({ Statement: ok.Statement }, ok),
  "invalid-version": identity({ ...ok, Version: "2020-01-01" }, ok),
  "missing-statement": identity({ Version: "2012-10-17", Statement: [] }, ok),
  "invalid-statement": identity(doc("s3:GetObject" as unknown as object), ok),
  "document-too-long": identity(
    doc(
      ...Array.from({ length: 20_000 }, (_, i) => ({
        Effect: "Allow",
        Action: "s3:GetObject",
        Resource: `arn:aws:s3:::b${i}/*`,
      })),
    ),
    doc(
      ...Array.from({ length: 100 }, (_, i) => ({
        Effect: "Allow",
        Action: "s3:GetObject",
        Resource: `arn:aws:s3:::b${i}/*`,
      })),
    ),
  ),
  "string-too-long": identity(
    allow("s3:GetObject", `arn:aws:s3:::b/${"k".repeat(40_000)}`),
    allow("s3:GetObject", `arn:aws:s3:::b/${"k".repeat(30_000)}`),
  ),
  "missing-effect": identity(doc({ Action: "s3:GetObject", Resource: "*" }), ok),
  "invalid-effect": identity(doc({ Effect: "Alow", Action: "s3:GetObject", Resource: "*" }), ok),
  "missing-action": identity(doc({ Effect: "Allow", Resource: "*" }), ok),
  "invalid-action": identity(allow("s3 GetObject", "*"), ok),
  "empty-action": identity(allow([], "*"), ok),
  "empty-notaction": identity(doc({ Effect: "Allow", NotAction: [], Resource: "*" }), ok),
  "missing-resource": identity(doc({ Effect: "Allow", Action: "s3:GetObject" }), ok),
  "invalid-resource": identity(allow("s3:GetObject", "bucket/*"), ok),
  "empty-resource": identity(allow("s3:GetObject", []), ok),
  "empty-notresource": identity(doc({ Effect: "Allow", Action: "s3:GetObject", NotResource: [] }), ok),
  "invalid-type": identity(allow(7, "*"), ok),
  "both-action-and-notaction": identity(allow("s3:GetObject", "*", { NotAction: "s3:PutObject" }), ok),
  "both-resource-and-notresource": identity(
    allow("s3:GetObject", "*", { NotResource: "arn:aws:s3:::b" }),
    ok,
  ),
  "both-principal-and-notprincipal": {
    kind: "resource",
    bad: doc({
      Effect: "Deny",
      Principal: "*",
      NotPrincipal: { AWS: "111122223333" },
      Action: "s3:*",
      Resource: "*",
    }),
  },
  "missing-principal": {
    kind: "resource",
    bad: ok,
    clean: allow("s3:GetObject", "arn:aws:s3:::b/*", { Principal: { AWS: "111122223333" } }),
  },
  "invalid-principal": {
    kind: "resource",
    bad: allow("s3:GetObject", "arn:aws:s3:::b/*", { Principal: "111122223333" }),
  },
  "principal-in-identity-policy": identity(allow("s3:GetObject", "*", { Principal: "*" }), ok),
  "principal-in-scp": {
    kind: "scp",
    bad: doc({ Effect: "Deny", Principal: "*", Action: "ec2:*", Resource: "*" }),
    clean: doc({ Effect: "Deny", Action: "ec2:*", Resource: "*" }),
  },
  "resource-in-trust-policy": {
    kind: "trust",
    bad: doc({
      Effect: "Allow",
      Principal: { Service: "ec2.amazonaws.com" },
      Action: "sts:AssumeRole",
      Resource: "*",
    }),
    clean: doc({ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }),
  },
  "not-principal-in-trust-policy": {
    kind: "trust",
    bad: doc({
      Effect: "Deny",
      NotPrincipal: { AWS: "arn:aws:iam::111122223333:root" },
      Action: "sts:AssumeRole",
    }),
  },
  "invalid-condition": identity(allow("s3:GetObject", "*", { Condition: "yes" }), ok),
  "unknown-condition-operator": identity(
    allow("s3:ListBucket", "*", { Condition: { StringEqualz: { "aws:username": "a" } } }),
  ),
  "null-if-exists": identity(
    allow("s3:ListBucket", "*", { Condition: { NullIfExists: { "aws:username": "true" } } }),
  ),
  "null-with-qualifier": identity(
    allow("s3:ListBucket", "*", { Condition: { "ForAnyValue:Null": { "aws:TagKeys": "true" } } }),
  ),
  "invalid-sid": identity(allow("s3:GetObject", "arn:aws:s3:::b/*", { Sid: "read objects" }), ok),
  "sid-not-alphanumeric": {
    kind: "resource",
    bad: allow("s3:GetObject", "arn:aws:s3:::b/*", {
      Sid: "read objects",
      Principal: { AWS: "111122223333" },
    }),
  },
  "duplicate-sid": identity(
    doc(
      { Sid: "A", ...ok.Statement[0] },
      { Sid: "A", Effect: "Deny", Action: "s3:PutObject", Resource: "*" },
    ),
    ok,
  ),
  "sid-not-unique": {
    kind: "resource",
    bad: doc(
      {
        Sid: "A",
        Effect: "Allow",
        Principal: { AWS: "111122223333" },
        Action: "s3:GetObject",
        Resource: "arn:aws:s3:::b/*",
      },
      { Sid: "A", Effect: "Deny", Principal: "*", Action: "s3:DeleteObject", Resource: "arn:aws:s3:::b/*" },
    ),
  },
  "empty-sid": identity(allow("s3:GetObject", "arn:aws:s3:::b/*", { Sid: "" }), ok),
  "old-version": identity({ ...ok, Version: "2008-10-17" }, ok),
  "policy-too-large": identity(
    allow(
      "s3:GetObject",
      Array.from({ length: 200 }, (_, i) => `arn:aws:s3:::bucket-number-${i}/*`),
    ),
    ok,
  ),
  "trust-policy-too-large": {
    kind: "trust",
    bad: doc({
      Effect: "Allow",
      Principal: { AWS: Array.from({ length: 80 }, (_, i) => `arn:aws:iam::111122223333:role/r${i}`) },
      Action: "sts:AssumeRole",
    }),
  },
  "resource-policy-too-large": { kind: "resource", maxSize: 50, bad: bucket({ AWS: "111122223333" }) },
  "scp-too-large": {
    kind: "scp",
    bad: doc({
      Effect: "Deny",
      Action: Array.from({ length: 400 }, (_, i) => `ec2:Describe${i}`),
      Resource: "*",
    }),
  },
};
