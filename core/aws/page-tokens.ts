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
 * A listing answered that there is more (IsTruncated) without the token to ask for it, which AWS
 * documents as present whenever there is: the rest is out of reach, and the listing is not whole.
 */
export class MissingPageTokenError extends Error {
  override readonly name = "MissingPageTokenError";
  constructor(operation: string, page: number) {
    super(
      `${operation} said there is more but gave no continuation token on page ${page}: the listing is not whole`,
    );
  }
}

/**
 * Follows one listing's tokens: each page's next token goes through the function returned, with
 * whether the page said it was truncated, where the API says so. It gives the token back (an absent
 * or empty one ends the listing), or throws RepeatedPageTokenError when the listing has followed it
 * before, or MissingPageTokenError when a truncated page gave none.
 */
export function pageTokens(
  operation: string,
): <T extends string | undefined>(token: T, truncated?: boolean) => T {
  const seen = new Set<string>();
  let page = 0;
  return (token, truncated) => {
    page++;
    if (!token) {
      if (truncated) throw new MissingPageTokenError(operation, page);
      return token;
    }
    if (seen.has(token)) throw new RepeatedPageTokenError(operation, page);
    seen.add(token);
    return token;
  };
}
