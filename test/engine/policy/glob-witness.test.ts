import assert from "node:assert/strict";
import { test } from "node:test";
import { globMatch } from "../../../core/engine/policy/glob.js";
import { GAVE_UP, globsWitness, globsWitnessSearched } from "../../../core/engine/policy/glob-witness.js";

const witness = (...patterns: string[]) => {
  const found = globsWitness(patterns);
  if (found !== undefined) for (const p of patterns) assert.ok(globMatch(p, found), `${p} ~ ${found}`);
  return found;
};

test("a name every pattern matches, shortest first", () => {
  assert.equal(witness("user/?*", "user/svc-*"), "user/svc-");
  assert.equal(witness("user/team-*", "user/*-prod"), "user/team-prod");
  assert.equal(witness("a?c", "*b*"), "abc");
  assert.equal(witness("*"), "");
});

test("a character no pattern names stands for the others", () => {
  assert.equal(witness("x?", "x*"), "xy");
});

test("patterns that share no name have no witness", () => {
  assert.equal(witness("user/svc-*", "user/other-*"), undefined);
  assert.equal(witness("role/*", "user/*"), undefined);
  assert.equal(witness("abc", "ab"), undefined);
});

test("hostile patterns are answered quickly, not by backtracking one against another's letters", () => {
  // A regular-expression match of `*a*a…*b` against forty a's backtracks through every split.
  const started = performance.now();
  assert.equal(witness("a".repeat(40), `${"*a".repeat(13)}*b`), undefined);
  assert.equal(witness(`${"a".repeat(40)}*`, `${"*a".repeat(13)}*b`), `${"a".repeat(40)}b`);
  assert.ok(performance.now() - started < 1000, `took ${performance.now() - started} ms`);
});

test("a search stopped at its bound says so, rather than that no name exists", () => {
  const letters = "abcdefghijklmnopqrstuv".split("");
  const shuffled = [...letters].sort((p, q) => ((p.charCodeAt(0) * 7) % 13) - ((q.charCodeAt(0) * 7) % 13));
  const role = "arn:aws:iam::111122223333:role/";
  const patterns = [`${role}*`, `${role}d-*${letters.join("*")}*`, `${role}d-*${shuffled.join("*")}*`];
  // Names both orders fit exist (one written after the other), but not within the bound.
  assert.equal(globsWitnessSearched(patterns), GAVE_UP);
  assert.equal(globsWitness(patterns), undefined);
  assert.equal(globsWitnessSearched(["user/svc-*", "user/other-*"]), undefined);
});
