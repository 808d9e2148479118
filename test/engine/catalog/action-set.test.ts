import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { ActionSet } from "../../../core/engine/catalog/action-set.js";

const size = 1000;
const ids = fc.uniqueArray(fc.integer({ min: 0, max: size - 1 }), { maxLength: 40 });
/** Sets of a few ids clustered in one place, as most statements' sets are, or spread anywhere. */
const clustered = fc.oneof(
  ids,
  fc
    .tuple(fc.integer({ min: 0, max: size - 64 }), fc.uniqueArray(fc.integer({ min: 0, max: 63 })))
    .map(([base, offsets]) => offsets.map((o) => base + o)),
);
const operation = fc.tuple(fc.constantFrom("union", "intersect", "minus", "complement", "add"), clustered);

test("a chain of in-place operations on sparse sets leaves the members a plain Set model has", () => {
  fc.assert(
    fc.property(clustered, fc.array(operation, { maxLength: 8 }), (start, steps) => {
      const set = ActionSet.of(size, start);
      let model = new Set(start);
      for (const [op, operand] of steps) {
        const other = ActionSet.of(size, operand);
        const theirs = new Set(operand);
        if (op === "union") set.unionInPlace(other);
        if (op === "intersect") set.intersectInPlace(other);
        if (op === "minus") set.minusInPlace(other);
        if (op === "add") for (const id of operand) set.add(id);
        if (op === "union" || op === "add") model = new Set([...model, ...theirs]);
        if (op === "intersect") model = new Set([...model].filter((x) => theirs.has(x)));
        if (op === "minus") model = new Set([...model].filter((x) => !theirs.has(x)));
        if (op === "complement") {
          const complement = set.complement();
          model = new Set(Array.from({ length: size }, (_, i) => i).filter((x) => !model.has(x)));
          set.intersectInPlace(ActionSet.empty(size)).unionInPlace(complement);
        }
        const expected = [...model].sort((a, b) => a - b);
        assert.deepEqual([...set.ids()], expected);
        assert.equal(set.count(), expected.length);
        assert.equal(set.isEmpty(), expected.length === 0);
        assert.equal(set.equals(ActionSet.of(size, expected)), true);
        assert.equal(set.isSubsetOf(ActionSet.of(size, expected)), true);
        assert.equal(set.clone().equals(set), true);
      }
    }),
  );
});

test("sets that differ only in words far from either one's members are unequal and not subsets", () => {
  const low = ActionSet.of(size, [3]);
  const both = ActionSet.of(size, [3, 990]);
  assert.equal(low.equals(both), false);
  assert.equal(both.equals(low), false);
  assert.equal(both.isSubsetOf(low), false);
  assert.equal(low.isSubsetOf(both), true);
  assert.equal(both.minus(low).equals(ActionSet.of(size, [990])), true);
  assert.equal(both.intersect(ActionSet.of(size, [990])).count(), 1);
  assert.equal(low.intersect(ActionSet.of(size, [990])).isEmpty(), true);
});

test("countRange counts the members of any range, as checking each id does", () => {
  const dense = fc
    .tuple(fc.integer({ min: 0, max: size - 1 }), fc.integer({ min: 0, max: 200 }))
    .map(([first, length]) => Array.from({ length: Math.min(length, size - first) }, (_, i) => first + i));
  const range = fc
    .tuple(fc.integer({ min: 0, max: size }), fc.integer({ min: 0, max: size }))
    .map(([a, b]) => [Math.min(a, b), Math.max(a, b)] as const);
  fc.assert(
    fc.property(fc.oneof(clustered, dense), fc.boolean(), range, (members, complement, [first, end]) => {
      const base = ActionSet.of(size, members);
      const set = complement ? base.complement() : base;
      let expected = 0;
      for (let id = first; id < end; id++) if (set.has(id)) expected++;
      assert.equal(set.countRange(first, end), expected);
    }),
  );
});

test("namesInRange and ids list the members of any range, in order, as checking each id does", () => {
  const names = Array.from({ length: size }, (_, id) => `a${id}`);
  const range = fc
    .tuple(fc.integer({ min: 0, max: size }), fc.integer({ min: 0, max: size }))
    .map(([a, b]) => [Math.min(a, b), Math.max(a, b)] as const);
  fc.assert(
    fc.property(clustered, fc.boolean(), range, (members, complement, [first, end]) => {
      const base = ActionSet.of(size, members);
      const set = complement ? base.complement() : base;
      const expected = ["x"];
      for (let id = first; id < end; id++) if (set.has(id)) expected.push(names[id]!);
      const out = ["x"];
      assert.equal(set.namesInRange(first, end, names, out, 1), expected.length);
      assert.deepEqual(out, expected);
      assert.deepEqual(
        [...set.ids()],
        [...Array(size).keys()].filter((id) => set.has(id)),
      );
    }),
  );
});

test("a set grown one id at a time, in any order and across the whole range, holds exactly those ids", () => {
  const order = fc.constantFrom("ascending", "descending", "as-given");
  fc.assert(
    fc.property(
      fc.uniqueArray(fc.integer({ min: 0, max: size - 1 }), { maxLength: 300 }),
      order,
      (list, how) => {
        const sorted = [...list].sort((a, b) => a - b);
        const added = how === "ascending" ? sorted : how === "descending" ? [...sorted].reverse() : list;
        const set = ActionSet.empty(size);
        for (const id of added) set.add(id);
        assert.deepEqual([...set.ids()], sorted);
        const members = new Set(list);
        for (let id = -3; id < size + 3; id++) assert.equal(set.has(id), members.has(id));
        assert.equal(set.equals(ActionSet.of(size, sorted)), true);
        assert.equal(set.complement().count(), size - list.length);
      },
    ),
    { numRuns: 200 },
  );
});

test("a set sent as data and rebuilt holds the same members and answers as the original", () => {
  // 1000 ids end inside a word (8 spare bits); 1024 fill their last word exactly.
  for (const n of [1000, 1024]) {
    const within = fc.uniqueArray(fc.integer({ min: 0, max: n - 1 }), { maxLength: 40 });
    fc.assert(
      fc.property(within, (members) => {
        const set = ActionSet.of(n, members);
        const back = ActionSet.fromData(structuredClone(set.toData()));
        assert.deepEqual(
          back.idList(),
          [...members].sort((a, b) => a - b),
        );
        assert.ok(back.equals(set));
        // The data is a copy: changing the original leaves the rebuilt set as it was.
        set.add(n - 1 - (members[0] ?? 0));
        assert.equal(back.count(), members.length);
      }),
    );
    for (const whole of [
      ActionSet.empty(n),
      ActionSet.full(n),
      ActionSet.of(n, [0]),
      ActionSet.of(n, [n - 1]),
    ]) {
      const back = ActionSet.fromData(structuredClone(whole.toData()));
      assert.ok(back.equals(whole) && back.count() === whole.count());
      assert.ok(back.complement().equals(whole.complement()));
    }
  }
});

test("data reaching past the catalog's last action is refused, not read as members", () => {
  const words = (values: number[]) => Uint32Array.from(values);
  // Bit 1000 of a 1000-action set, in a run starting at its last word (31).
  assert.throws(() => ActionSet.fromData({ size: 1000, base: 31, words: words([1 << 8]) }), RangeError);
  assert.throws(() => ActionSet.fromData({ size: 1000, base: 31, words: words([0, 0]) }), RangeError);
  assert.throws(() => ActionSet.fromData({ size: 1000, base: -1, words: words([1]) }), RangeError);
  assert.throws(() => ActionSet.fromData({ size: 1000, base: 0.5, words: words([1]) }), RangeError);
  assert.throws(
    () => ActionSet.fromData({ size: 1000, base: 0, words: [1] as unknown as Uint32Array }),
    RangeError,
  );
  assert.deepEqual(ActionSet.fromData({ size: 1000, base: 31, words: words([1 << 7]) }).idList(), [999]);
});
