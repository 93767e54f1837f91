import http from 'node:http';
import { CognitoJwtVerifier } from 'aws-jwt-verify';
import type { Jwks } from 'aws-jwt-verify/jwk';
import { BodyTooLargeError, readChunksWithLimit } from '../../common/http/read-body';
import { verifySigV4, type IamPrincipal } from './sigv4';

export interface VerifyingFrontOptions {
  port: number;
  /** The simulator behind the front (it trusts whatever reaches it). */
  upstream: string;
  iam: readonly IamPrincipal[];
  userPool: { userPoolId: string; clientId: string; jwks: () => Promise<Jwks> };
}

export interface RunningFront {
  url: string;
  stop(): Promise<void>;
}

type Verdict = { ok: true } | { ok: false; message: string };

function unauthorized(response: http.ServerResponse, message: string): void {
  response.writeHead(401, { 'content-type': 'application/json' });
  response.end(JSON.stringify({ errors: [{ errorType: 'UnauthorizedException', message }] }));
}

/** A generous cap on one GraphQL request (the shop's largest are a few kB), so a flood is never buffered whole. */
const MAX_GRAPHQL_BODY = 1024 * 1024;

/**
 * What AppSync does before a resolver runs and the simulator does not: IAM signatures are checked against
 * the twin's credentials, user-pool tokens (ID or access) against the pool's keys, issuer, app client,
 * token use and expiry. Anything else gets AppSync's 401; only verified requests reach the simulator.
 */
export async function startVerifyingFront(options: VerifyingFrontOptions): Promise<RunningFront> {
  const verifier = CognitoJwtVerifier.create({ userPoolId: options.userPool.userPoolId, clientId: options.userPool.clientId, tokenUse: null });
  let jwksLoaded = false;

  async function verdict(request: http.IncomingMessage, body: string): Promise<Verdict> {
    const authorization = request.headers.authorization;
    if (!authorization) return { ok: false, message: 'Valid authorization header not provided.' };
    if (authorization.startsWith('AWS4-HMAC-SHA256')) {
      const check = await verifySigV4({ method: request.method ?? 'POST', path: request.url ?? '/', headers: request.headers, body }, options.iam);
      return check.ok ? { ok: true } : { ok: false, message: check.reason };
    }
    if (!jwksLoaded) {
      // cognito-local serves its keys over http, which aws-jwt-verify's fetcher refuses: hand them over.
      verifier.cacheJwks(await options.userPool.jwks());
      jwksLoaded = true;
    }
    try {
      await verifier.verify(authorization.replace(/^Bearer /, ''));
      return { ok: true };
    } catch (error) {
      return { ok: false, message: `Token is not valid: ${error instanceof Error ? error.message : String(error)}` };
    }
  }

  const server = http.createServer((request, response) => {
    void (async () => {
      if (request.method === 'OPTIONS') {
        response.writeHead(204, {
          'access-control-allow-origin': '*',
          'access-control-allow-headers': '*',
          'access-control-allow-methods': 'POST, OPTIONS',
        });
        response.end();
        return;
      }
      if (request.method !== 'POST' || !request.url?.startsWith('/graphql')) {
        response.writeHead(404).end();
        return;
      }
      const body = await readChunksWithLimit(request, request.headers['content-length'], MAX_GRAPHQL_BODY);
      const check = await verdict(request, body);
      if (!check.ok) return unauthorized(response, check.message);
      const forwarded = await fetch(`${options.upstream}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: request.headers.authorization ?? '' },
        body,
      });
      response.writeHead(forwarded.status, { 'content-type': 'application/json', 'access-control-allow-origin': '*' });
      response.end(await forwarded.text());
    })().catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(error instanceof BodyTooLargeError ? 413 : 502, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ errors: [{ errorType: 'TwinFrontError', message: String(error) }] }));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  return {
    url: `http://127.0.0.1:${options.port}/graphql`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
