import { Amplify } from 'aws-amplify';
import type { PublicAuthConfig } from '@/lib/services/auth/public-auth-config';

let configuredFor: string | null = null;

/**
 * Points Amplify Auth at the shop's user pool. Tokens go to cookies (`ssr: true`) so server pages can
 * verify who is signed in. cognito-local is reached through `userPoolEndpoint`.
 */
export function configureAmplify(auth: PublicAuthConfig): void {
  if (configuredFor === auth.clientId) return;
  Amplify.configure(
    {
      Auth: {
        Cognito: {
          userPoolId: auth.userPoolId,
          userPoolClientId: auth.clientId,
          ...(auth.endpoint ? { userPoolEndpoint: auth.endpoint } : {}),
          loginWith: { email: true },
          signUpVerificationMethod: 'code',
        },
      },
    },
    { ssr: true },
  );
  configuredFor = auth.clientId;
}
