import type { AuthConfig } from '../config/config';

/**
 * Where the browser sends sign-in requests, as CSP origins: the same endpoint the sign-in page hands
 * to Amplify (cognito-local's URL in local mode, else Cognito's regional endpoint), and nothing broader.
 */
export function authConnectOrigins(auth: Pick<AuthConfig, 'endpoint' | 'region'> | null): string[] {
  if (!auth) return [];
  if (auth.endpoint) return [new URL(auth.endpoint).origin];
  return [`https://cognito-idp.${auth.region}.amazonaws.com`];
}
