import type { AuthConfig } from '../config/config';

/** What the browser needs to talk to the user pool. Ids and URLs only: nothing here is secret. */
export interface PublicAuthConfig {
  userPoolId: string;
  clientId: string;
  endpoint: string | null;
  signInFlow: AuthConfig['signInFlow'];
}

export function toPublicAuthConfig(auth: AuthConfig): PublicAuthConfig {
  return { userPoolId: auth.userPoolId, clientId: auth.clientId, endpoint: auth.endpoint, signInFlow: auth.signInFlow };
}

/** Only same-site paths may be a post-sign-in destination (no open redirects). */
export function safeReturnPath(value: unknown, fallback = '/orders'): string {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || value.includes('\\')) return fallback;
  return value;
}
