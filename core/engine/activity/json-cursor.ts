/**
 * A cursor over JSON text for readers that keep a few fields of large documents. It checks the
 * whole grammar exactly as JSON.parse does (RFC 8259: whitespace, escapes, numbers, no unescaped
 * control characters in strings) but builds a value only when asked for it.
 *
 * It walks the text's bytes, not its characters: a typed array read is several times cheaper than
 * charCodeAt, and encoding an ASCII string is a copy. Only ASCII text is taken, so that a byte's
 * index is its character's and kept values are sliced from the string itself.
 *
 * Any departure from the grammar throws; the caller then leaves the text to JSON.parse, whose
 * error is the one reported.
 */
export class JsonCursor {
  pos = 0;
  /** The string just crossed held an escape: its value needs decoding. */
  escaped = false;

  private constructor(
    readonly text: string,
    private readonly bytes: Uint8Array,
  ) {}

  /** A cursor over `text` when it is all ASCII, else undefined. */
  static ascii(text: string): JsonCursor | undefined {
    const bytes = text.length < scratch.length ? scratch : new Uint8Array(text.length + 1);
    if (bytes !== scratch && text.length < MAX_SCRATCH) scratch = bytes;
    const { read, written } = encoder.encodeInto(text, bytes);
    if (read !== text.length || written !== text.length) return undefined;
    // A terminator no token accepts: every loop stops at the end without a bounds test.
    bytes[written] = 0;
    return new JsonCursor(text, bytes);
  }

  fail(): never {
    return invalid();
  }

  /** The code of the byte at `p` (0 at the end). */
  at(p: number): number {
    return this.bytes[p]!;
  }

  /** Skips whitespace from `p`; returns the code of the character there (0 at the end). */
  ws(p: number): number {
    const b = this.bytes;
    let c = b[p]!;
    while (c === 32 || c === 10 || c === 13 || c === 9) c = b[++p]!;
    this.pos = p;
    return c;
  }

  /** Expects `code` after whitespace, and moves past it and the whitespace that follows. */
  expect(code: number): number {
    if (this.ws(this.pos) !== code) invalid();
    return this.ws(this.pos + 1);
  }

  /** Crosses the string whose opening quote is at `pos`; returns the index of its closing quote. */
  string(): number {
    const b = this.bytes;
    let p = this.pos + 1;
    let escaped = false;
    for (;;) {
      let c = b[p]!;
      while (PLAIN[c] === 1) c = b[++p]!;
      if (c === 34) break;
      if (c !== 92) invalid();
      p = this.escape(p);
      escaped = true;
    }
    this.escaped = escaped;
    this.pos = p + 1;
    return p;
  }

  /**
   * A hash of the bytes between `start` and `end`, from their length and six of them (the
   * quotes around a string included): enough to spread keys and values over tables whose hits
   * are then checked byte by byte.
   */
  hash(start: number, end: number): number {
    return hashBytes(this.bytes, start, end);
  }

  /** The bytes between `start` and `end` are those of `name` (ASCII). */
  holds(start: number, end: number, name: Uint8Array): boolean {
    if (end - start !== name.length) return false;
    const b = this.bytes;
    for (let i = 0; i < name.length; i++) if (b[start + i] !== name[i]) return false;
    return true;
  }

  /** The bytes of the document, to compare kept values with (never written). */
  get view(): Uint8Array {
    return this.bytes;
  }

  /** Crosses any value at `pos`, building nothing. */
  skip(): void {
    switch (this.bytes[this.pos]) {
      case 34:
        this.string();
        return;
      case 123:
        this.object();
        return;
      case 91:
        this.array();
        return;
      case 116:
        this.word(TRUE);
        return;
      case 102:
        this.word(FALSE);
        return;
      case 110:
        this.word(NULL);
        return;
      default:
        this.number();
    }
  }

  /** Crosses the literal `null` if it is at `pos`. */
  null(): boolean {
    if (this.bytes[this.pos] !== 110) return false;
    this.word(NULL);
    return true;
  }

  private object(): void {
    let c = this.ws(this.pos + 1);
    if (c === 125) {
      this.pos++;
      return;
    }
    for (;;) {
      if (c !== 34) invalid();
      this.string();
      this.expect(58);
      this.skip();
      c = this.ws(this.pos);
      if (c === 125) break;
      if (c !== 44) invalid();
      c = this.ws(this.pos + 1);
    }
    this.pos++;
  }

  private array(): void {
    let c = this.ws(this.pos + 1);
    if (c === 93) {
      this.pos++;
      return;
    }
    for (;;) {
      this.skip();
      c = this.ws(this.pos);
      if (c === 93) break;
      if (c !== 44) invalid();
      this.ws(this.pos + 1);
    }
    this.pos++;
  }

  private word(codes: readonly number[]): void {
    const b = this.bytes;
    const p = this.pos;
    for (let i = 1; i < codes.length; i++) if (b[p + i] !== codes[i]) invalid();
    this.pos = p + codes.length;
  }

  private number(): void {
    const b = this.bytes;
    let p = this.pos;
    let c = b[p]!;
    if (c === 45) c = b[++p]!;
    if (c === 48) p++;
    else if (c >= 49 && c <= 57) p = this.digits(p);
    else invalid();
    if (b[p] === 46) p = this.digits(p + 1, true);
    c = b[p]!;
    if (c === 101 || c === 69) {
      c = b[++p]!;
      if (c === 43 || c === 45) p++;
      p = this.digits(p, true);
    }
    this.pos = p;
  }

  /** The index past the run of digits at `p` (at least one when `required`). */
  private digits(p: number, required = false): number {
    const b = this.bytes;
    const start = p;
    let c = b[p]!;
    while (c >= 48 && c <= 57) c = b[++p]!;
    if (required && p === start) invalid();
    return p;
  }

  /** Checks the escape at `at` (a backslash); returns the index past it. */
  private escape(at: number): number {
    const b = this.bytes;
    const c = b[at + 1]!;
    if (c === 117) {
      for (let i = at + 2; i < at + 6; i++) if (HEX[b[i]!] !== 1) invalid();
      return at + 6;
    }
    if (c === 34 || c === 92 || c === 47 || c === 98 || c === 102 || c === 110 || c === 114 || c === 116) {
      return at + 2;
    }
    return invalid();
  }
}

function hashBytes(b: Uint8Array, start: number, end: number): number {
  const mid = start + ((end - start) >> 1);
  const h =
    (end - start) ^
    (b[start]! << 8) ^
    (b[start + 1]! << 15) ^
    (b[mid]! << 3) ^
    (b[mid - 1]! << 22) ^
    (b[end - 1]! << 11) ^
    (b[end - 2]! << 18);
  return Math.imul(h ^ (h >>> 13), 0x5bd1e995);
}

/** Bytes that stand for themselves in a string: not a quote, a backslash or a control character. */
const PLAIN = new Uint8Array(256).map((_, c) => (c >= 32 && c !== 34 && c !== 92 ? 1 : 0));
const HEX = new Uint8Array(256).map((_, c) => (/[0-9a-fA-F]/.test(String.fromCharCode(c)) ? 1 : 0));
const TRUE = [116, 114, 117, 101];
const FALSE = [102, 97, 108, 115, 101];
const NULL = [110, 117, 108, 108];

const encoder = new TextEncoder();
/** Reused across documents; one bigger than this is read in a buffer of its own. */
const MAX_SCRATCH = 64 * 1024 * 1024;
let scratch = new Uint8Array(1 << 16);

const INVALID = new Error("not valid JSON");

function invalid(): never {
  throw INVALID;
}
