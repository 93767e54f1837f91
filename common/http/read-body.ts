/**
 * One request-body reader for the app (lib/), the emulators and the bench, which may not import each other:
 * it depends on nothing but the platform. Both a web `ReadableStream` and Node's `IncomingMessage` are
 * async iterables of byte chunks.
 */
export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`Body exceeds ${limit} bytes`);
    this.name = 'BodyTooLargeError';
  }
}

/**
 * Reads a body as UTF-8 text, refusing early (by the declared length) or as soon as the streamed bytes pass
 * the limit, so an oversized body is never buffered whole.
 */
export async function readChunksWithLimit(chunks: AsyncIterable<Uint8Array> | null, declaredLength: string | null | undefined, limit: number): Promise<string> {
  const declared = Number(declaredLength ?? Number.NaN);
  if (Number.isFinite(declared) && declared > limit) throw new BodyTooLargeError(limit);
  if (!chunks) return '';
  const parts: Uint8Array[] = [];
  let size = 0;
  // Leaving the loop early (the throw) cancels the stream / destroys the request.
  for await (const chunk of chunks) {
    size += chunk.byteLength;
    if (size > limit) throw new BodyTooLargeError(limit);
    parts.push(chunk);
  }
  return Buffer.concat(parts).toString('utf8');
}
