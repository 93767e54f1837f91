import { JwtRsaVerifier } from 'aws-jwt-verify';
import type { JwksCache } from 'aws-jwt-verify/jwk';
import { OUTBOUND_TIMEOUTS } from '../../security/outbound-timeouts';
import { userFromClaims, type IdTokenVerifier, type SignedInUser } from '../../domain/auth/signed-in-user';

type Jwks = Parameters<JwksCache['addJwks']>[1];

/**
 * Verifies ID tokens issued by cognito-local. aws-jwt-verify's Cognito verifier only trusts real
 * Cognito issuers and its fetcher refuses http: JWKS URLs, so we fetch cognito-local's JWKS ourselves
 * and give it to a generic RSA verifier that checks issuer, audience (the app client), token use and expiry.
 */
export class LocalIdTokenVerifier implements IdTokenVerifier {
  private readonly verifier;
  private jwksLoaded: Promise<void> | null = null;

  constructor(
    private readonly endpoint: string,
    private readonly userPoolId: string,
    clientId: string,
    private readonly jwksTimeoutMs: number = OUTBOUND_TIMEOUTS.jwksMs,
  ) {
    // The local stack configures cognito-local's issuer domain to be its own endpoint.
    this.verifier = JwtRsaVerifier.create({
      issuer: `${endpoint}/${userPoolId}`,
      audience: clientId,
      jwksUri: `${endpoint}/${userPoolId}/.well-known/jwks.json`,
      customJwtCheck: ({ payload }) => {
        if (payload.token_use !== 'id') throw new Error('Not an ID token');
      },
    });
  }

  private loadJwks(): Promise<void> {
    this.jwksLoaded ??= fetch(`${this.endpoint}/${this.userPoolId}/.well-known/jwks.json`, { signal: AbortSignal.timeout(this.jwksTimeoutMs) })
      .then((response) => {
        if (!response.ok) throw new Error(`cognito-local JWKS answered ${response.status}`);
        return response.json() as Promise<Jwks>;
      })
      .then((jwks) => this.verifier.cacheJwks(jwks))
      .catch((error: unknown) => {
        this.jwksLoaded = null;
        throw error;
      });
    return this.jwksLoaded;
  }

  async verify(idToken: string): Promise<SignedInUser | null> {
    await this.loadJwks();
    try {
      return userFromClaims(await this.verifier.verify(idToken));
    } catch {
      return null;
    }
  }
}
