import { currentUser } from '@/app/_server/current-user';
import { getServices } from '@/lib/composition';
import { answeringErrors, refusedMethods } from '@/lib/http/api-route';
import { jsonResponse } from '@/lib/http/json-response';

export const dynamic = 'force-dynamic';

/** Who is signed in, for the header. Only the email: the token itself never leaves the cookie. */
export const GET = answeringErrors(
  () => getServices().logger,
  async () => {
    const user = await currentUser();
    return jsonResponse(200, user ? { signedIn: true, email: user.email } : { signedIn: false });
  },
);

export const { POST, PUT, PATCH, DELETE } = refusedMethods('GET');
