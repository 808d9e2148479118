/**
 * A compiled IAM wildcard pattern that matches without backtracking. A regular expression built
 * from `a*a*a*…b` backtracks through every way of placing its stars: a 30-character pattern
 * against a 40-character object key ran for minutes. Here the pattern is cut at its stars into
 * pieces; the first piece must start the value, the last end it, and each piece between is taken
 * at its leftmost place after the one before (leftmost leaves the most room for the rest, so this
 * finds a match whenever one exists). The cost is at most value length × pattern length.
 */
export interface WildcardMatcher {
  test(value: string): boolean;
}

/** A literal character of the pattern (one UTF-16 code unit), or `?`: any one code unit. */
export type WildcardToken = string | typeof ONE_UNIT;
export const ONE_UNIT = Symbol("?");

/** Text between two stars; `?` positions are marked in `any`, left out when there are none. */
interface Piece {
  readonly text: string;
  readonly any?: Uint8Array;
}

/**
 * `pieces` are the pattern's runs of tokens between stars, in order: one piece when the pattern
 * has no star. Case-insensitive matchers fold both sides with foldCase.
 */
export function wildcardMatcher(
  pieces: readonly (readonly WildcardToken[])[],
  ignoreCase: boolean,
): WildcardMatcher {
  const parts = pieces.map((tokens) => piece(tokens, ignoreCase));
  const first = parts[0]!;
  const fold = ignoreCase ? foldCase : (v: string) => v;
  if (parts.length === 1) {
    return { test: (value) => value.length === first.text.length && pieceAt(first, fold(value), 0) };
  }
  const last = parts[parts.length - 1]!;
  const middle = parts.slice(1, -1);
  const least = parts.reduce((sum, p) => sum + p.text.length, 0);
  return {
    test(raw) {
      if (raw.length < least) return false;
      const value = fold(raw);
      const end = value.length - last.text.length;
      if (!pieceAt(first, value, 0) || !pieceAt(last, value, end)) return false;
      let at = first.text.length;
      for (const p of middle) {
        const found = findPiece(p, value, at, end);
        if (found < 0) return false;
        at = found + p.text.length;
      }
      return true;
    },
  };
}

function piece(tokens: readonly WildcardToken[], ignoreCase: boolean): Piece {
  let text = "";
  let any: Uint8Array | undefined;
  tokens.forEach((t, i) => {
    if (t === ONE_UNIT) {
      any ??= new Uint8Array(tokens.length);
      any[i] = 1;
      text += "?";
    } else text += t;
  });
  if (ignoreCase) text = foldCase(text);
  return any ? { text, any } : { text };
}

/**
 * Lower case that keeps every code unit in its place, so `?` positions still line up: the rare
 * string whose lower case changes length (U+0130) folds only A to Z.
 */
function foldCase(text: string): string {
  const lower = text.toLowerCase();
  if (lower.length === text.length) return lower;
  let folded = "";
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    folded += String.fromCharCode(c >= 65 && c <= 90 ? c + 32 : c);
  }
  return folded;
}

function pieceAt(p: Piece, value: string, at: number): boolean {
  if (at < 0 || at + p.text.length > value.length) return false;
  if (!p.any) return value.startsWith(p.text, at);
  for (let i = 0; i < p.text.length; i++) {
    if (p.any[i] === 0 && p.text.charCodeAt(i) !== value.charCodeAt(at + i)) return false;
  }
  return true;
}

/** The leftmost place at or after `from` where the piece fits wholly before `end`, or -1. */
function findPiece(p: Piece, value: string, from: number, end: number): number {
  const limit = end - p.text.length;
  if (!p.any) {
    const found = value.indexOf(p.text, from);
    return found >= 0 && found <= limit ? found : -1;
  }
  for (let at = from; at <= limit; at++) if (pieceAt(p, value, at)) return at;
  return -1;
}
