import { signRequest } from '@aws-amplify/core/internals/aws-client-utils';
import { describe, expect, it } from 'vitest';
import { verifySigV4 } from '@/emulators/amplify-twin/sigv4';

/**
 * The twin's IAM check against requests signed by Amplify's own signer (what the shop's Data client sends):
 * a verifier that agrees only with itself would let the app fail against the twin, or forgeries pass it.
 */
const principal = { accessKeyId: 'TWINACCESSKEY0000000', secretAccessKey: 'twin-secret' };
const signedAt = new Date('2030-01-01T00:00:00Z');
const body = JSON.stringify({ query: 'query { listOrders { items { id } } }', variables: {} });

function amplifySigned(credentials = principal, requestBody = body) {
  const signed = signRequest(
    { url: new URL('http://127.0.0.1:20002/graphql'), method: 'POST', headers: { 'content-type': 'application/json; charset=UTF-8', 'x-amz-user-agent': 'aws-amplify/6' }, body: requestBody },
    { credentials, signingDate: signedAt, signingRegion: 'us-east-1', signingService: 'appsync' },
  );
  return { method: 'POST', path: '/graphql', headers: signed.headers, body };
}

describe('the twin verifies IAM signatures', () => {
  it('accepts a request Amplify signed with the twin credentials', async () => {
    expect(await verifySigV4(amplifySigned(), [principal], signedAt)).toEqual({ ok: true, accessKeyId: principal.accessKeyId });
  });

  it('refuses a wrong secret, an unknown key, a changed body and a stale signature', async () => {
    expect((await verifySigV4(amplifySigned({ ...principal, secretAccessKey: 'guess' }), [principal], signedAt)).ok).toBe(false);
    expect((await verifySigV4(amplifySigned({ ...principal, accessKeyId: 'SOMEONEELSE000000000' }), [principal], signedAt)).ok).toBe(false);
    expect((await verifySigV4({ ...amplifySigned(), body: body.replace('listOrders', 'listStripeEvents') }, [principal], signedAt)).ok).toBe(false);
    expect((await verifySigV4(amplifySigned(), [principal], new Date(signedAt.getTime() + 6 * 60_000))).ok).toBe(false);
  });

  it('refuses a request without a signed host', async () => {
    const request = amplifySigned();
    const headers = { ...request.headers, authorization: request.headers['authorization']!.replace('content-type;host;', 'content-type;') };
    expect(await verifySigV4({ ...request, headers }, [principal], signedAt)).toMatchObject({ ok: false });
  });
});
