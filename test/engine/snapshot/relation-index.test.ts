import assert from "node:assert/strict";
import { test } from "node:test";
import type { Group, Principal, Snapshot, User } from "../../../core/engine/snapshot/model.js";
import { groupsOfUser, holdersOf, membersOf } from "../../../core/engine/snapshot/relation-index.js";
import { ACCOUNT, group, role, snapshotWith, user } from "../../helpers/snapshot-fixture.js";

const policy = (name: string) => `arn:aws:iam::${ACCOUNT}:policy/${name}`;

/** What the index answers, by scanning every principal as plans did before it. */
const scanned = {
  holders(snapshot: Snapshot, arn: string) {
    const out: { principal: Principal; type: string }[] = [];
    const add = (list: readonly Principal[], type: string) => {
      for (const principal of list)
        if (principal.attachedPolicyArns.includes(arn)) out.push({ principal, type });
    };
    add(snapshot.users, "user");
    add(snapshot.roles, "role");
    add(snapshot.groups, "group");
    return out.sort((a, b) => a.principal.arn.localeCompare(b.principal.arn));
  },
  members(snapshot: Snapshot, g: Group) {
    return snapshot.users
      .filter((u) => u.groups.includes(g.name))
      .sort((a, b) => a.name.localeCompare(b.name));
  },
  groups(snapshot: Snapshot, u: User) {
    return u.groups.flatMap((name) => snapshot.groups.filter((g) => g.name === name));
  },
};

function seeded(seed: number) {
  let s = seed >>> 0;
  return (n: number) => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return Math.floor((s / 2 ** 32) * n);
  };
}

test("holders, members and groups by name answer as a scan of every principal does", () => {
  const pick = seeded(11);
  const policies = Array.from({ length: 12 }, (_, i) => policy(`p${i}`));
  const some = () => Array.from({ length: pick(4) }, () => policies[pick(policies.length)]!);
  // Names that sort differently by code unit and by locale, a group name held twice, a policy
  // listed twice on one principal, and a user in a group the snapshot does not hold.
  const groups = ["Ops", "dev", "admins", "dev"].map((name, i) =>
    group(name, { arn: `arn:aws:iam::${ACCOUNT}:group/path${i}/${name}`, attachedPolicyArns: some() }),
  );
  const users = Array.from({ length: 30 }, (_, i) =>
    user(i % 3 === 0 ? `Zed${i}` : `alice${i}`, {
      attachedPolicyArns: some(),
      groups: Array.from({ length: pick(3) }, () => ["Ops", "dev", "admins", "ghost"][pick(4)]!),
    }),
  );
  const roles = Array.from({ length: 30 }, (_, i) => role(`r${i}`, { attachedPolicyArns: some() }));
  const snapshot = snapshotWith({ users, roles, groups });
  for (const arn of [...policies, policy("unattached")])
    assert.deepEqual(holdersOf(snapshot, arn), scanned.holders(snapshot, arn), arn);
  for (const g of groups) assert.deepEqual(membersOf(snapshot, g), scanned.members(snapshot, g), g.arn);
  for (const u of users) assert.deepEqual(groupsOfUser(snapshot, u), scanned.groups(snapshot, u), u.arn);
  assert.ok(
    users.some((u) => groupsOfUser(snapshot, u).length > 1),
    "some user is in several groups",
  );
  assert.ok(
    policies.some((arn) => holdersOf(snapshot, arn).length > 2),
    "some policy has several holders",
  );
});

test("a policy listed twice on one principal makes it one holder", () => {
  const twice = role("twice", { attachedPolicyArns: [policy("p"), policy("p")] });
  const snapshot = snapshotWith({ roles: [twice] });
  assert.deepEqual(holdersOf(snapshot, policy("p")), [{ principal: twice, type: "role" }]);
});

test("the index follows a snapshot whose lists are replaced or grow", () => {
  const snapshot = snapshotWith({ roles: [role("a", { attachedPolicyArns: [policy("p")] })] });
  assert.equal(holdersOf(snapshot, policy("p")).length, 1);
  snapshot.roles.push(role("b", { attachedPolicyArns: [policy("p")] }));
  assert.equal(holdersOf(snapshot, policy("p")).length, 2);
  snapshot.users = [user("u", { attachedPolicyArns: [policy("p")], groups: ["g"] })];
  snapshot.groups = [group("g")];
  assert.equal(holdersOf(snapshot, policy("p")).length, 3);
  assert.deepEqual(
    membersOf(snapshot, snapshot.groups[0]!).map((u) => u.name),
    ["u"],
  );
});

test("answers are copies: sorting or changing one leaves the next answer as it was", () => {
  const snapshot = snapshotWith({
    roles: [
      role("b", { attachedPolicyArns: [policy("p")] }),
      role("a", { attachedPolicyArns: [policy("p")] }),
    ],
  });
  const first = holdersOf(snapshot, policy("p"));
  first.reverse();
  first.pop();
  assert.deepEqual(
    holdersOf(snapshot, policy("p")).map((h) => h.principal.name),
    ["a", "b"],
  );
});
