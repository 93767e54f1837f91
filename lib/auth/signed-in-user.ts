import { ownerOf } from '../accounts/account';

/** A customer whose ID token the server verified. */
export interface SignedInUser {
  sub: string;
  username: string;
  email: string;
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
  return { sub, username, email, owner: ownerOf({ sub, username }) };
}
