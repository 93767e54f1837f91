import { findIdToken, type CookieReader } from './amplify-cookies';
import type { IdTokenVerifier, SignedInUser } from '../../domain/auth/signed-in-user';

/**
 * The request's cookies, read on demand: Next's `cookies()` fits this shape, and the port names no framework
 * (the Amplify adapter, which needs Next's own function, says so where it passes it on).
 */
export type RequestCookies = () => Promise<CookieReader>;

/** Who is signed in on this request, verified; null when nobody is (or the token is forged or expired). */
export interface IdentityResolver {
  currentUser(requestCookies: RequestCookies): Promise<SignedInUser | null>;
}

/**
 * Local mode: reads the ID token Amplify stored in cookies and verifies it against cognito-local
 * (@aws-amplify/adapter-nextjs trusts only real Cognito issuers, so it cannot serve cognito-local).
 */
export class CookieTokenIdentity implements IdentityResolver {
  constructor(
    private readonly clientId: string,
    private readonly verifier: IdTokenVerifier,
  ) {}

  async currentUser(requestCookies: RequestCookies): Promise<SignedInUser | null> {
    const token = findIdToken(await requestCookies(), this.clientId);
    return token ? this.verifier.verify(token) : null;
  }
}

/** Nobody can sign in when no user pool is configured. */
export const noIdentity: IdentityResolver = { currentUser: () => Promise.resolve(null) };

/**
 * Who is signed in, where "we could not tell" means signed out: a user-pool outage (unreachable, slow,
 * answering garbage) is logged and the visitor is treated as signed out, never answered with a 500.
 */
export async function currentUserOrSignedOut(
  resolver: IdentityResolver,
  requestCookies: RequestCookies,
  logger: { warn(fields: object, message: string): void },
): Promise<SignedInUser | null> {
  try {
    return await resolver.currentUser(requestCookies);
  } catch (error) {
    logger.warn({ err: error }, 'could not verify the signed-in user; treating the request as signed out');
    return null;
  }
}
