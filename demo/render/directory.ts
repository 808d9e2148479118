import { arn } from "../model/account.js";
import { hash, iamId, Rng } from "../model/rng.js";
import type { RoleSpec, UserSpec } from "../model/types.js";
import type { Principal } from "./identity.js";

const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/** Names to ARNs, ids and key ids: one place, so the GAAD, report and trail agree on them. */
export class Directory {
  private readonly users = new Map<string, UserSpec>();
  private readonly roles = new Map<string, RoleSpec>();

  constructor(users: readonly UserSpec[], roles: readonly RoleSpec[]) {
    for (const u of users) this.users.set(u.name, u);
    for (const r of roles) this.roles.set(r.name, r);
  }

  principal(who: { user: string } | { role: string }): Principal {
    if ("user" in who) {
      const u = this.users.get(who.user);
      if (!u) throw new Error(`a plan names the unknown user ${who.user}`);
      return { kind: "user", name: u.name, arn: arn.user(u.name, u.path), id: iamId("AIDA", u.name) };
    }
    const r = this.roles.get(who.role);
    if (!r) throw new Error(`a plan names the unknown role ${who.role}`);
    return { kind: "role", name: r.name, arn: arn.role(r.name, r.path), id: iamId("AROA", r.name) };
  }

  hasMfa(user: string): boolean {
    return this.users.get(user)?.console?.mfa === true;
  }

  /** The AKIA id of a user's key slot, stable per user and slot. */
  accessKey(user: string, slot: 1 | 2): string {
    if (!this.users.get(user)?.keys?.[slot - 1]) throw new Error(`${user} has no access key ${slot}`);
    return `AKIA${new Rng(hash(`key:${user}:${slot}`)).chars(BASE32, 16)}`;
  }

  /** The `sub` claim GitHub puts in the token: the repository the role's trust names, or the app's. */
  githubSubject(role: string): string {
    const trust = JSON.stringify(this.roles.get(role)?.trust ?? {});
    return /"(repo:[^"]+)"/.exec(trust)?.[1] ?? "repo:example-org/whittle-demo-www:ref:refs/heads/main";
  }
}
