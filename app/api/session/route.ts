import { currentUser } from '@/lib/auth/current-user';

export const dynamic = 'force-dynamic';

/** Who is signed in, for the header. Only the email: the token itself never leaves the cookie. */
export async function GET(): Promise<Response> {
  const user = await currentUser();
  return Response.json(user ? { signedIn: true, email: user.email } : { signedIn: false }, { headers: { 'Cache-Control': 'no-store' } });
}
