// AIP-158 paging over an already sorted list. Tokens are opaque offsets bound to the request
// they came from; a token from another request is INVALID_ARGUMENT.
import { invalidArgument } from "../base/errors";

/** Default and maximum page sizes ([U]: Cloud Run's are not documented). */
export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;

export function page<T>(
  items: T[],
  pageSize: number | null | undefined,
  pageToken: string | null | undefined,
  scope: string,
  request: string,
): { items: T[]; nextPageToken: string } {
  const size = pageSize ?? 0;
  if (size < 0) throw invalidArgument([{ field: "page_size", description: "Must be >= 0." }], request);
  const limit = Math.min(size || DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
  let offset = 0;
  if (pageToken) {
    try {
      const decoded = JSON.parse(Buffer.from(pageToken, "base64url").toString()) as { o?: unknown; s?: unknown };
      if (decoded.s !== scope || typeof decoded.o !== "number") throw new Error("scope");
      offset = decoded.o;
    } catch {
      throw invalidArgument([{ field: "page_token", description: "Invalid page token." }], request);
    }
  }
  const slice = items.slice(offset, offset + limit);
  const next = offset + limit < items.length ? Buffer.from(JSON.stringify({ o: offset + limit, s: scope })).toString("base64url") : "";
  return { items: slice, nextPageToken: next };
}
