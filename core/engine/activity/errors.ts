/** A knowledge table names something the catalog lacks: a bug in Whittle's data, not in the input. */
export class ActivityKnowledgeError extends Error {
  override readonly name = "ActivityKnowledgeError";
}

/**
 * A source could not be read at all (bucket missing, access denied, query failed). Problems with
 * single files or records are warnings instead, so one bad file never stops an audit.
 */
export class ActivitySourceError extends Error {
  override readonly name: string = "ActivitySourceError";
}

/**
 * A configured source yielded no readable record (an empty folder, a missing path, only damaged
 * files, a prefix that lists nothing, every object failing to decrypt). Its silence proves
 * nothing, so the audit stops rather than call everything unused: exit 2, or a FAILED run.
 */
export class NoActivityError extends ActivitySourceError {
  override readonly name = "NoActivityError";
}
