/**
 * A small seeded PRNG (mulberry32) so the demo account is the same bytes on every run: the
 * committed files are checked against a fresh generation, so nothing may depend on the clock,
 * Math.random or object-identity order.
 */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error("pick from an empty list");
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** Picks by weight; items without a weight count as 1. */
  weighted<T extends { weight?: number }>(items: readonly T[]): T {
    const total = items.reduce((sum, i) => sum + (i.weight ?? 1), 0);
    let roll = this.next() * total;
    for (const item of items) {
      roll -= item.weight ?? 1;
      if (roll < 0) return item;
    }
    return items[items.length - 1]!;
  }

  chars(alphabet: string, length: number): string {
    let out = "";
    for (let i = 0; i < length; i++) out += alphabet[Math.floor(this.next() * alphabet.length)];
    return out;
  }

  hex(length: number): string {
    return this.chars("0123456789abcdef", length);
  }

  /** A version-4 UUID, as CloudTrail's eventID and most requestIDs are. */
  uuid(): string {
    const h = this.hex(32).split("");
    h[12] = "4";
    h[16] = "89ab"[Number.parseInt(h[16]!, 16) % 4]!;
    const s = h.join("");
    return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
  }
}

/** IAM unique ids are a four-letter type prefix and 17 characters of base32 (A-Z, 2-7). */
const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/** Deterministic per name, so adding one principal does not change every other id. */
export function iamId(prefix: "AIDA" | "AROA" | "AGPA" | "ANPA" | "AIPA", name: string): string {
  return prefix + new Rng(hash(`${prefix}:${name}`)).chars(BASE32, 17);
}

/** Access key ids: AKIA (long-term) or ASIA (session) and 16 characters. */
export function accessKeyId(prefix: "AKIA" | "ASIA", rng: Rng): string {
  return prefix + rng.chars(BASE32, 16);
}

/** FNV-1a: a stable 32-bit seed from a string. */
export function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
