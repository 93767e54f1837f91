import type { AuthConfig } from '../../config/config';

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
