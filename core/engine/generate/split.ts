import { jsonSize, textSize } from "./json-size.js";
import type { GeneratedStatement, PolicyDocument } from "./types.js";

/** IAM counts a policy's size in characters excluding whitespace. */
export function policySize(document: PolicyDocument): number {
  return textSize(JSON.stringify(document));
}

const wrap = (Statement: GeneratedStatement[]): PolicyDocument => ({ Version: "2012-10-17", Statement });
const statementSize = (s: GeneratedStatement) => jsonSize(s);
/** The size of a document with no statements; each statement adds its own size and a comma. */
const EMPTY_SIZE = policySize(wrap([]));

interface Piece {
  statement: GeneratedStatement;
  size: number;
}

/**
 * Packs statements into as few documents as fit under the size limit, in order. A statement too
 * large on its own is cut into several with halves of its Action (then Resource) list; Sids get a
 * suffix so they stay unique. Throws only if one action on one resource cannot fit, which no
 * real statement reaches.
 */
export function splitIntoDocuments(
  statements: readonly GeneratedStatement[],
  limit: number,
): PolicyDocument[] {
  return packDocuments(statements, limit).documents;
}

/** splitIntoDocuments, with each document's size (`policySize`) as packing counted it. */
export function packDocuments(
  statements: readonly GeneratedStatement[],
  limit: number,
): { documents: PolicyDocument[]; sizes: number[] } {
  const documents: PolicyDocument[] = [];
  const sizes: number[] = [];
  let current: GeneratedStatement[] = [];
  let size = EMPTY_SIZE;
  const place = (statement: GeneratedStatement, pieceSize: number) => {
    if (current.length > 0 && size + pieceSize + 1 > limit) {
      documents.push(wrap(current));
      sizes.push(size);
      current = [];
      size = EMPTY_SIZE;
    }
    size += pieceSize + (current.length > 0 ? 1 : 0);
    current.push(statement);
  };
  for (const statement of statements) {
    // Almost every statement fits whole: measured once, and cut only when it does not.
    const own = statementSize(statement);
    if (EMPTY_SIZE + own <= limit) place(statement, own);
    else for (const piece of fit(statement, limit)) place(piece.statement, piece.size);
  }
  if (current.length > 0) {
    documents.push(wrap(current));
    sizes.push(size);
  }
  return { documents, sizes };
}

function fit(statement: GeneratedStatement, limit: number, depth = 0): Piece[] {
  const size = statementSize(statement);
  if (EMPTY_SIZE + size <= limit) return [{ statement, size }];
  const half = (list: string[]) => [
    list.slice(0, Math.ceil(list.length / 2)),
    list.slice(Math.ceil(list.length / 2)),
  ];
  let parts: GeneratedStatement[];
  // A NotAction list is never halved: each half would deny what the other spares.
  if (statement.Action && statement.Action.length > 1) {
    parts = half(statement.Action).map((Action) => ({ ...statement, Action }));
  } else if (statement.Resource && statement.Resource.length > 1) {
    parts = half(statement.Resource).map((Resource) => ({ ...statement, Resource }));
  } else {
    throw new RangeError(`statement ${statement.Sid} exceeds ${limit} characters on its own`);
  }
  return parts.flatMap((p, i) =>
    fit({ ...p, Sid: `${statement.Sid}${depth === 0 ? "Part" : ""}${i + 1}` }, limit, depth + 1),
  );
}
