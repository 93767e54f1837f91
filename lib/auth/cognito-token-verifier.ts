import { CognitoJwtVerifier } from 'aws-jwt-verify';
import { userFromClaims, type IdTokenVerifier, type SignedInUser } from './signed-in-user';

/** Verifies ID tokens issued by a real Cognito user pool (JWKS fetched from Cognito over HTTPS and cached). */
export class CognitoIdTokenVerifier implements IdTokenVerifier {
  private readonly verifier;

  constructor(userPoolId: string, clientId: string) {
    this.verifier = CognitoJwtVerifier.create({ userPoolId, clientId, tokenUse: 'id' });
  }

  async verify(idToken: string): Promise<SignedInUser | null> {
    try {
      return userFromClaims(await this.verifier.verify(idToken));
    } catch {
      return null;
    }
  }
}
