import 'server-only';
import { cookies } from 'next/headers';
import { getServices } from '../../lib/composition';
import { currentUserOrSignedOut } from '../../lib/services/auth/identity-resolver';
import type { SignedInUser } from '../../lib/domain/auth/signed-in-user';

/** The customer signed in on this request, verified by the identity adapter; null when nobody is (or it cannot tell). */
export function currentUser(): Promise<SignedInUser | null> {
  const { identity, logger } = getServices();
  return currentUserOrSignedOut(identity, cookies, logger);
}
