import 'server-only';
import { cookies } from 'next/headers';
import { getServices } from '../composition';
import type { SignedInUser } from './signed-in-user';

/** The customer signed in on this request, verified by the identity adapter; null when nobody is. */
export function currentUser(): Promise<SignedInUser | null> {
  return getServices().identity.currentUser(cookies);
}
