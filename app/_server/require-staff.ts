import 'server-only';
import { notFound } from 'next/navigation';
import { currentUser } from './current-user';
import type { SignedInUser } from '../../lib/domain/auth/signed-in-user';
import { isStaff } from '../../lib/domain/auth/staff';

/**
 * For staff pages: the verified staff member, or a 404 for everyone else (signed out included), so the
 * kitchen's pages do not even admit to existing. Every page and mutation calls it: Next renders a page
 * alongside its layout, so a check in the layout alone would not stop the page's own reads.
 */
export async function requireStaff(): Promise<SignedInUser> {
  const user = await currentUser();
  if (!user || !isStaff(user)) notFound();
  return user;
}

/** For staff route handlers: the verified staff member, or null (the handler answers 404). */
export async function staffOrNull(): Promise<SignedInUser | null> {
  const user = await currentUser();
  return user && isStaff(user) ? user : null;
}
