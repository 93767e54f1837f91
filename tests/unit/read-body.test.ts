import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { BodyTooLargeError as LibBodyTooLargeError, readBodyWithLimit } from '@/lib/http/read-body';
import { BodyTooLargeError, readChunksWithLimit } from '@/common/http/read-body';

/** A chunked body (no Content-Length) that counts how many chunks were pulled from it. */
function chunked(chunks: string[]): { stream: Readable; pulled: () => number } {
  let pulled = 0;
  const stream = Readable.from(
    (function* () {
      for (const chunk of chunks) {
        pulled++;
        yield Buffer.from(chunk);
      }
    })(),
  );
  return { stream, pulled: () => pulled };
}

describe('one body reader for the app, the emulators and the bench', () => {
  it('reads a Node request stream and a web Request the same way', async () => {
    expect(await readChunksWithLimit(chunked(['{"a":', '"é"}']).stream, undefined, 100)).toBe('{"a":"é"}');
    expect(await readBodyWithLimit(new Request('http://x/', { method: 'POST', body: '{"a":"é"}' }), 100)).toBe('{"a":"é"}');
    expect(await readChunksWithLimit(null, null, 10)).toBe('');
  });

  it('refuses a declared length over the limit before reading anything', async () => {
    const body = chunked(['x']);
    await expect(readChunksWithLimit(body.stream, '11', 10)).rejects.toBeInstanceOf(BodyTooLargeError);
    expect(body.pulled()).toBe(0);
  });

  it('stops a chunked body without a length as soon as it passes the limit', async () => {
    const body = chunked(['12345', '67890', 'x', 'never read']);
    await expect(readChunksWithLimit(body.stream, undefined, 10)).rejects.toThrow('Body exceeds 10 bytes');
    // The chunk after the one that crossed the limit is never read.
    expect(body.pulled()).toBeLessThan(4);
    expect(await readChunksWithLimit(chunked(['12345', '67890']).stream, undefined, 10)).toBe('1234567890');
  });

  it('is the same error type through lib/http', async () => {
    expect(LibBodyTooLargeError).toBe(BodyTooLargeError);
    const request = new Request('http://x/', { method: 'POST', body: 'x'.repeat(20), headers: { 'content-length': '20' } });
    await expect(readBodyWithLimit(request, 10)).rejects.toBeInstanceOf(BodyTooLargeError);
  });
});
