import { readChunksWithLimit } from '../../common/http/read-body';

export { BodyTooLargeError } from '../../common/http/read-body';

/**
 * A web stream's chunks, read one at a time (no read-ahead). Leaving the loop early cancels the stream at
 * once (a plain iterator, not a generator, so no extra turn passes in which the source is pulled again).
 */
function chunksOf(body: ReadableStream<Uint8Array>): AsyncIterable<Uint8Array> {
  const reader = body.getReader();
  return {
    [Symbol.asyncIterator]: () => ({
      next: () => reader.read() as Promise<IteratorResult<Uint8Array>>,
      async return() {
        await reader.cancel();
        return { done: true, value: undefined };
      },
    }),
  };
}

/**
 * Reads a request body as UTF-8 text, refusing early (by Content-Length) or as soon as
 * the streamed bytes pass the limit, so an oversized body is never buffered whole.
 */
export function readBodyWithLimit(request: Request, limit: number): Promise<string> {
  return readChunksWithLimit(request.body ? chunksOf(request.body) : null, request.headers.get('content-length'), limit);
}
