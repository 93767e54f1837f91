import { cookies } from 'next/headers';
import { currentUser } from '@/lib/auth/current-user';
import { getServices } from '@/lib/composition';

export const dynamic = 'force-dynamic';

/** Who is signed in, for the header. Only the email: the token itself never leaves the cookie. */
export async function GET(): Promise<Response> {
  const services = getServices();
  const user = await currentUser(await cookies(), { auth: services.config.auth, identity: services.identity });
  return Response.json(user ? { signedIn: true, email: user.email } : { signedIn: false }, { headers: { 'Cache-Control': 'no-store' } });
}
