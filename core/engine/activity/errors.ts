/** A knowledge table names something the catalog lacks: a bug in Whittle's data, not in the input. */
export class ActivityKnowledgeError extends Error {
  override readonly name = "ActivityKnowledgeError";
}

/**
 * A source could not be read at all (bucket missing, access denied, query failed). Problems with
 * single files or records are warnings instead, so one bad file never stops an audit.
 */
export class ActivitySourceError extends Error {
  override readonly name = "ActivitySourceError";
}
