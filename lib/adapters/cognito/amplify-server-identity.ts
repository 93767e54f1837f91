import { createServerRunner } from '@aws-amplify/adapter-nextjs';
import { fetchAuthSession } from 'aws-amplify/auth/server';
import type { cookies } from 'next/headers';
import type { IdentityResolver, RequestCookies } from '../../services/auth/identity-resolver';
import { userFromClaims, type SignedInUser } from '../../domain/auth/signed-in-user';

/**
 * Cloud mode: Amplify's own server runner reads the session from the request's cookies and verifies
 * the tokens against the Cognito user pool (aws-jwt-verify inside), as the Amplify Next.js docs do it.
 */
export class AmplifyServerIdentity implements IdentityResolver {
  private readonly runWithAmplifyServerContext;

  constructor(userPoolId: string, clientId: string) {
    ({ runWithAmplifyServerContext: this.runWithAmplifyServerContext } = createServerRunner({
      config: { Auth: { Cognito: { userPoolId, userPoolClientId: clientId } } },
    }));
  }

  async currentUser(requestCookies: RequestCookies): Promise<SignedInUser | null> {
    try {
      return await this.runWithAmplifyServerContext({
        // Only ever called from a Next.js request, where the cookies given are Next's own cookies().
        nextServerContext: { cookies: requestCookies as typeof cookies },
        operation: async (context) => {
          const session = await fetchAuthSession(context);
          const claims = session.tokens?.idToken?.payload;
          return claims ? userFromClaims(claims) : null;
        },
      });
    } catch {
      return null;
    }
  }
}
