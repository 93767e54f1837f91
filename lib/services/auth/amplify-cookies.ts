/** Amplify (with `ssr: true`) keeps the signed-in user's tokens in cookies named after the app client. */
const PREFIX = 'CognitoIdentityServiceProvider';

export interface CookieReader {
  get(name: string): { value: string } | undefined;
}

/** The ID token of the user Amplify last signed in with this client, if any (not yet verified). */
export function findIdToken(cookies: CookieReader, clientId: string): string | null {
  const lastUser = cookies.get(`${PREFIX}.${clientId}.LastAuthUser`)?.value;
  if (!lastUser) return null;
  return cookies.get(`${PREFIX}.${clientId}.${lastUser}.idToken`)?.value ?? cookies.get(`${PREFIX}.${clientId}.${encodeURIComponent(lastUser)}.idToken`)?.value ?? null;
}
