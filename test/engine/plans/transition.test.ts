import assert from "node:assert/strict";
import { test } from "node:test";
import type { IamState, PrincipalState } from "../../../core/engine/plans/state.js";
import { inTransition } from "../../../core/engine/plans/transition.js";

const doc = (action: string) => ({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Action: action, Resource: "*" }],
});
const ann = (attached: string[], inline: PrincipalState["inline"], groups = ["devs"]): IamState => ({
  principals: [{ type: "user", name: "ann", attached, inline, groups }],
  policies: [],
});
const from = ann(["old"], [{ name: "all", document: doc("s3:*") }]);
const to = ann(["new"], []);

test("a reading showing part of the change, or none of it, is in transition", () => {
  assert.ok(inTransition(from, to, from));
  assert.ok(inTransition(from, to, ann(["new", "old"], [{ name: "all", document: doc("s3:*") }])));
  assert.ok(inTransition(from, to, ann(["new"], [{ name: "all", document: doc("s3:*") }])));
});

test("a policy, a document or a group neither state holds is a real difference", () => {
  assert.ok(!inTransition(from, to, ann(["new", "other"], [])));
  assert.ok(!inTransition(from, to, ann(["new"], [{ name: "all", document: doc("iam:*") }])));
  assert.ok(!inTransition(from, to, ann(["new"], [], ["devs", "admins"])));
});

test("a principal gone is a real difference", () => {
  assert.ok(!inTransition(from, to, { principals: [], policies: [] }));
});
