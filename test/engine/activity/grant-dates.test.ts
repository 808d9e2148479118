import assert from "node:assert/strict";
import { test } from "node:test";
import { undatedGrants } from "../../../core/engine/activity/grant-dates.js";
import type { TrailLogging } from "../../../core/engine/activity/trail-logging.js";
import { basicSelector } from "../../helpers/event-selectors.js";

const everything = basicSelector("All");
const inRegion = (region: string): TrailLogging => ({ ...everything, regions: [region] });
const writesBut = (source: string): TrailLogging => ({
  ...everything,
  management: { read: { excludedSources: [] }, write: { excludedSources: [source] } },
});

test("a trail of IAM's write events dates every grant", () => {
  assert.equal(undatedGrants([everything]), "");
  assert.equal(undatedGrants([basicSelector("WriteOnly")]), "");
  assert.equal(undatedGrants([writesBut("kms.amazonaws.com")]), "");
});

test("IAM's events are delivered to us-east-1: a trail of that region alone dates grants, one of another does not", () => {
  assert.equal(undatedGrants([inRegion("us-east-1")]), "");
  assert.match(undatedGrants([inRegion("eu-west-1")]), /does not record IAM's write events/);
});

test("a trail of read events, or of writes but IAM's, leaves grants undated", () => {
  assert.match(undatedGrants([basicSelector("ReadOnly")]), /does not record IAM's write events/);
  assert.match(undatedGrants([writesBut("iam.amazonaws.com")]), /does not record IAM's write events/);
  assert.match(undatedGrants([]), /does not record IAM's write events/);
});
