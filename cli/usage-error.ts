/**
 * Bad flags or bad input files: the CLI exits 2 with one clear line on stderr. A module of its own so
 * that commands can throw it without loading every input error class (and the parsers behind them).
 */
export class UsageError extends Error {
  override readonly name = "UsageError";
}
