'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS preload for node --require */
/**
 * Preloaded (node --require) into the shop's server in the twin profile ONLY (scripts/lib/twin-stack.ts).
 *
 * @aws-amplify/adapter-nextjs verifies tokens with aws-jwt-verify, which fetches the pool's keys from
 * https://cognito-idp.<region>.amazonaws.com/<pool>/.well-known/jwks.json. The twin's tokens come from
 * cognito-local, so exactly that request, for exactly the twin's pool, is answered by cognito-local's
 * /<pool>/.well-known/jwks.json over http. Nothing else is touched; the verification itself is unchanged.
 */
const http = require('node:http');
const https = require('node:https');
const { syncBuiltinESMExports } = require('node:module');

const origin = process.env.TWIN_COGNITO_ORIGIN;
const poolId = process.env.TWIN_USER_POOL_ID;

if (origin && poolId) {
  const jwksPath = `/${poolId}/.well-known/jwks.json`;
  const isTwinJwks = (target) => {
    try {
      const url = typeof target === 'string' ? new URL(target) : target instanceof URL ? target : null;
      return url !== null && /^cognito-idp\.[a-z0-9-]+\.amazonaws\.com$/.test(url.hostname) && url.pathname === jwksPath;
    } catch {
      return false;
    }
  };
  const originalRequest = https.request;
  const originalGet = https.get;
  https.request = function request(target, options, callback) {
    if (!isTwinJwks(target)) return originalRequest.apply(this, arguments);
    const rest = typeof options === 'function' ? {} : { ...(options || {}) };
    delete rest.agent;
    return http.request(`${origin}${jwksPath}`, rest, typeof options === 'function' ? options : callback);
  };
  https.get = function get(target, options, callback) {
    if (!isTwinJwks(target)) return originalGet.apply(this, arguments);
    const req = https.request(target, options, callback);
    req.end();
    return req;
  };
  // aws-jwt-verify imports `request` from "https" as an ES module: make the ESM view see the patch.
  syncBuiltinESMExports();
}
