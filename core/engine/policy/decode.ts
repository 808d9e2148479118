/**
 * IAM returns policy documents URL-encoded (RFC 3986) and SDK v3 does not decode them; files
 * written by the AWS CLI hold them decoded. A document arrives as an object, a JSON string, or a
 * URL-encoded JSON string; this turns any of them into the parsed JSON value.
 */
export class PolicyDecodeError extends Error {
  override readonly name = "PolicyDecodeError";
}

export function decodePolicyDocument(input: unknown): unknown {
  if (typeof input !== "string") return input;
  const text = policyDocumentText(input);
  // Still encoded once decoded: a tool encoded IAM's already encoded text again. Said plainly,
  // rather than as JSON that cannot start with "%".
  if (text.startsWith("%") && input.trim().startsWith("%")) {
    throw new PolicyDecodeError(
      `policy document is URL-encoded twice (decoded once it still reads ${JSON.stringify(text.slice(0, 12))}...): decode it once before reading`,
    );
  }
  return parseJson(text);
}

/** The JSON text of a document given as a string, URL-decoded when it is URL-encoded. */
export function policyDocumentText(input: string): string {
  const text = input.trim();
  if (!text.startsWith("%")) return text;
  try {
    return decodeURIComponent(text.replace(/\+/g, "%20")).trim();
  } catch (cause) {
    throw new PolicyDecodeError("policy document is neither JSON nor valid URL-encoded JSON", { cause });
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new PolicyDecodeError(`policy document is not valid JSON: ${(cause as Error).message}`, { cause });
  }
}
