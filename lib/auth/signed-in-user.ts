import { ownerOf } from '../accounts/account';

/** A customer whose ID token the server verified. */
export interface SignedInUser {
  sub: string;
  username: string;
  email: string;
  /** Only a verified email may claim orders paid with it. */
  emailVerified: boolean;
  owner: string;
}

/** Verifies a Cognito ID token (signature, issuer, audience, token use, expiry); null when it fails any check. */
export interface IdTokenVerifier {
  verify(idToken: string): Promise<SignedInUser | null>;
}

export function userFromClaims(claims: Record<string, unknown>): SignedInUser | null {
  const sub = claims.sub;
  const username = claims['cognito:username'];
  const email = claims.email;
  if (typeof sub !== 'string' || typeof username !== 'string' || typeof email !== 'string') return null;
  const emailVerified = claims.email_verified === true || claims.email_verified === 'true';
  return { sub, username, email, emailVerified, owner: ownerOf({ sub, username }) };
}
