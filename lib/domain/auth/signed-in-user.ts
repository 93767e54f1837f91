import { ownerOf } from '../accounts/account';

/** A customer whose ID token the server verified. */
export interface SignedInUser {
  sub: string;
  username: string;
  email: string;
  /** Only a verified email may claim orders paid with it. */
  emailVerified: boolean;
  owner: string;
  /** The Cognito groups the verified token names (`cognito:groups`); absent when it names none. */
  groups?: readonly string[];
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
  const groups = groupsFromClaims(claims['cognito:groups']);
  return { sub, username, email, emailVerified, owner: ownerOf({ sub, username }), ...(groups.length > 0 ? { groups } : {}) };
}

/** Cognito puts the groups in the token as a string array (older tools: one space-separated string). */
function groupsFromClaims(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((group): group is string => typeof group === 'string');
  return typeof value === 'string' ? value.split(/\s+/).filter(Boolean) : [];
}
