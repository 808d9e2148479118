import { z } from "zod";
import { decodePolicyDocument, PolicyDecodeError } from "../../core/engine/policy/decode.js";
import { lintPolicy } from "../../core/engine/policy/lint/index.js";
import { HttpProblem, json, parseRequest } from "../problem.js";
import { bodyText, type Route } from "./request.js";

const query = z.strictObject({
  kind: z.enum(["identity", "resource", "trust", "scp", "auto"]).default("auto"),
  maxSize: z.coerce.number().int().positive().optional(),
});

/**
 * POST /policies/validate?kind=&maxSize=: lints one uploaded policy document (JSON, or URL-encoded
 * JSON as the IAM API returns it), as `whittle validate` does a file. Every problem of every
 * statement comes back; `valid` is false when IAM would reject the document. A body past the cap
 * is a 413 before anything is parsed.
 */
export const validatePolicy: Route = async (event, runtime) => {
  const { kind, maxSize } = parseRequest(query, event.queryStringParameters ?? {});
  const text = bodyText(event);
  if (!text.trim())
    throw new HttpProblem({
      title: "Invalid request",
      status: 400,
      detail: "the body holds no policy document",
    });
  let document: unknown;
  try {
    document = decodePolicyDocument(text);
  } catch (error) {
    // Not JSON: the linter reports it as a malformed document, as the CLI does.
    if (!(error instanceof PolicyDecodeError)) throw error;
    document = text;
  }
  let problems: ReturnType<typeof lintPolicy>;
  try {
    problems = lintPolicy(runtime.catalog(), document, { kind, ...(maxSize ? { maxSize } : {}) });
  } catch (error) {
    // JSON.parse reads any depth within the cap; the linter's walks do not (as `whittle validate` says).
    if (!(error instanceof RangeError)) throw error;
    throw new HttpProblem({
      title: "Invalid request",
      status: 400,
      detail: `the document nests too deeply to lint (${error.message})`,
    });
  }
  return json(200, { valid: !problems.some((p) => p.severity === "error"), problems });
};
