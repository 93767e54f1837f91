import 'server-only';
import { redirect } from 'next/navigation';
import { currentUser } from './current-user';
import type { SignedInUser } from '../../lib/domain/auth/signed-in-user';

/** For protected server pages: the verified customer, or a redirect to sign in and come back. */
export async function requireUser(returnTo: string): Promise<SignedInUser> {
  const user = await currentUser();
  if (!user) redirect(`/sign-in?returnTo=${encodeURIComponent(returnTo)}`);
  return user;
}
