import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import {
  type NamedPrincipal,
  policyNames,
  uniquePolicyBases,
} from "../../../core/engine/generate/policy-names.js";

const role = (name: string): NamedPrincipal => ({
  arn: `arn:aws:iam::123456789012:role/${name}`,
  type: "role",
  path: "/",
  name,
});

/** Per principal, every name a run could write for it: its base alone, or split into up to three. */
function namesOf(principals: readonly NamedPrincipal[]): string[][] {
  const bases = uniquePolicyBases(principals);
  return principals.map((p) => [bases.get(p.arn)!, ...policyNames(bases.get(p.arn)!, 3)]);
}

const shared = (a: readonly string[], b: readonly string[]) =>
  a.filter((n) => b.some((m) => m.toLowerCase() === n.toLowerCase()));

test("a role whose name ends in a number keeps its split documents apart from the role named after one of them", () => {
  // Named readably, node-1 split in two would write whittle-role-node-1-2: node-1-2's own name.
  const [first, second] = namesOf([role("node-1"), role("node-1-2")]);
  assert.deepEqual(shared(first!, second!), []);
});

test("no two principals of a run can be given one policy name, however their names end", () => {
  const name = fc.stringMatching(/^(?:[aA]|-|1|2|-1|-2)+$/).filter((s) => s.length > 0 && s.length <= 10);
  fc.assert(
    fc.property(fc.uniqueArray(name, { minLength: 2, maxLength: 5 }), (names) => {
      const all = namesOf(names.map(role));
      for (let i = 0; i < all.length; i++)
        for (let j = i + 1; j < all.length; j++) assert.deepEqual(shared(all[i]!, all[j]!), [], `${names}`);
    }),
    { numRuns: 500 },
  );
});
