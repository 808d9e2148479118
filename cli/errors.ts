/** Bad flags or bad input files: the CLI exits 2 with one clear line on stderr. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}
