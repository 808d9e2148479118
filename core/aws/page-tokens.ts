/**
 * A listing answered, as its next page's token, one it had already followed: a faulty endpoint or
 * proxy (one dropping the token from the request, say) answering the same pages again. Followed,
 * the listing would never end; stopped there quietly, a partial listing would pass for the whole.
 */
export class RepeatedPageTokenError extends Error {
  override readonly name = "RepeatedPageTokenError";
  readonly operation: string;

  constructor(operation: string, page: number) {
    super(
      `${operation} answered page ${page} with a continuation token it had already given: the listing is not whole, as following the token again would repeat the same pages forever`,
    );
    this.operation = operation;
  }
}

/**
 * Follows one listing's tokens: each page's next token goes through the function returned, which
 * gives it back (an absent or empty one ends the listing) or throws RepeatedPageTokenError when the
 * listing has followed it before.
 */
export function pageTokens(operation: string): <T extends string | undefined>(token: T) => T {
  const seen = new Set<string>();
  let page = 0;
  return (token) => {
    page++;
    if (!token) return token;
    if (seen.has(token)) throw new RepeatedPageTokenError(operation, page);
    seen.add(token);
    return token;
  };
}
