import type { AuthConfig } from '../config/config';
import { findIdToken, type CookieReader } from './amplify-cookies';
import type { IdTokenVerifier, SignedInUser } from './signed-in-user';

/** The customer signed in through Amplify's cookies, verified; null when absent, forged or expired. */
export async function currentUser(
  cookies: CookieReader,
  deps: { auth: AuthConfig | null; identity: IdTokenVerifier | null },
): Promise<SignedInUser | null> {
  if (!deps.auth || !deps.identity) return null;
  const token = findIdToken(cookies, deps.auth.clientId);
  return token ? deps.identity.verify(token) : null;
}
