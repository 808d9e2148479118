import { decodePolicyDocument, PolicyDecodeError } from "../../core/engine/policy/decode.js";
import { isObject } from "../../core/engine/policy/parse.js";
import { readTextFile } from "../../core/node/text-file.js";
import { UsageError } from "../usage-error.js";

/** Keys of a GetAccountAuthorizationDetails (GAAD) dump: a whole account, not one policy. */
const GAAD_KEYS = ["UserDetailList", "GroupDetailList", "RoleDetailList", "Policies"];

/**
 * Reads one policy file: JSON, or URL-encoded JSON as the IAM API returns it. Text that is not
 * JSON is handed on as text so the linter reports it as malformed; an array of documents or an
 * account dump is refused, since `validate` lints one document per file.
 */
export async function readPolicyFile(file: string, shown: string): Promise<unknown> {
  return (await readPolicyText(file, shown)).document;
}

/**
 * The document as `readPolicyFile` reads it, and its text for the linter when it is one: only the
 * text shows a key written twice (parsed, the last one alone is left).
 */
export async function readPolicyText(
  file: string,
  shown: string,
): Promise<{ document: unknown; text?: string }> {
  let text: string;
  try {
    text = await readTextFile(file);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new UsageError(`${shown}: cannot read the file (${reason})`);
  }
  let value: unknown;
  try {
    value = decodePolicyDocument(text);
  } catch (error) {
    if (error instanceof PolicyDecodeError) return { document: text };
    throw error;
  }
  if (Array.isArray(value)) {
    throw new UsageError(`${shown}: holds a JSON array; validate takes one policy document per file`);
  }
  if (isObject(value) && GAAD_KEYS.some((key) => key in value)) {
    throw new UsageError(
      `${shown}: is an account authorization dump (GAAD), not a policy document; use "whittle audit --snapshot"`,
    );
  }
  return { document: value, text };
}
