import 'server-only';
import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { getServices } from '../composition';
import { currentUser } from './current-user';
import type { SignedInUser } from './signed-in-user';

/** For protected server pages: the verified customer, or a redirect to sign in and come back. */
export async function requireUser(returnTo: string): Promise<SignedInUser> {
  const services = getServices();
  const user = await currentUser(await cookies(), { auth: services.config.auth, identity: services.identity });
  if (!user) redirect(`/sign-in?returnTo=${encodeURIComponent(returnTo)}`);
  return user;
}
