import { timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';

export interface IamPrincipal {
  accessKeyId: string;
  secretAccessKey: string;
}

export type SigV4Check = { ok: true; accessKeyId: string } | { ok: false; reason: string };

const AUTH = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/;
/** AppSync, like other AWS services, refuses requests signed more than 5 minutes away from its clock. */
const MAX_SKEW_MS = 5 * 60_000;

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

/** "20301231T235959Z" → Date. */
function parseAmzDate(value: string): Date | null {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  return match ? new Date(Date.UTC(+match[1]!, +match[2]! - 1, +match[3]!, +match[4]!, +match[5]!, +match[6]!)) : null;
}

/**
 * Verifies an AWS Signature Version 4 on a request the way AWS does: the key must be one the twin knows,
 * the time near now, and the signature equal to the one recomputed (with the SDK's own signer) over the
 * method, path, query, the headers it names and the body.
 */
export async function verifySigV4(
  request: { method: string; path: string; headers: IncomingHttpHeaders; body: string },
  principals: readonly IamPrincipal[],
  now: Date = new Date(),
): Promise<SigV4Check> {
  const match = AUTH.exec(header(request.headers, 'authorization') ?? '');
  if (!match) return { ok: false, reason: 'Malformed AWS4-HMAC-SHA256 authorization header.' };
  const [, accessKeyId, , region, service, signedHeaderList, signature] = match;
  const principal = principals.find((candidate) => candidate.accessKeyId === accessKeyId);
  if (!principal) return { ok: false, reason: 'The security token included in the request is invalid.' };
  const amzDate = header(request.headers, 'x-amz-date');
  const signedAt = amzDate ? parseAmzDate(amzDate) : null;
  if (!signedAt) return { ok: false, reason: 'Missing or malformed X-Amz-Date.' };
  if (Math.abs(now.getTime() - signedAt.getTime()) > MAX_SKEW_MS) return { ok: false, reason: 'Signature expired or not yet valid (clock skew).' };

  const signedHeaders = signedHeaderList!.split(';');
  if (!signedHeaders.includes('host')) return { ok: false, reason: 'The host header must be signed.' };
  const headers: Record<string, string> = {};
  for (const name of signedHeaders) {
    const value = header(request.headers, name);
    if (value === undefined) return { ok: false, reason: `Signed header ${name} is missing.` };
    headers[name] = value;
  }
  const url = new URL(request.path, 'http://twin.invalid');
  const query: Record<string, string> = {};
  url.searchParams.forEach((value, key) => (query[key] = value));
  // No checksum header of its own: only the headers the client signed take part.
  const signer = new SignatureV4({ service: service!, region: region!, credentials: principal, sha256: Sha256, uriEscapePath: true, applyChecksum: false });
  const expected = await signer.sign(
    { method: request.method, protocol: 'http:', hostname: headers['host']!, path: url.pathname, query, headers, body: request.body },
    { signingDate: signedAt },
  );
  const expectedSignature = /Signature=([0-9a-f]{64})/.exec(String(expected.headers['authorization']))?.[1] ?? '';
  const same = expectedSignature.length === signature!.length && timingSafeEqual(Buffer.from(expectedSignature), Buffer.from(signature!));
  return same ? { ok: true, accessKeyId: accessKeyId! } : { ok: false, reason: 'The request signature we calculated does not match the signature you provided.' };
}
