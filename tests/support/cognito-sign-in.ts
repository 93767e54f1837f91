import { AdminCreateUserCommand, InitiateAuthCommand, RespondToAuthChallengeCommand } from '@aws-sdk/client-cognito-identity-provider';
import { cognitoLocalClient } from '@/emulators/cognito/start-cognito-local';

const PASSWORD = 'Kitchen-Password-1!';

/** Creates (if needed) and signs in a cognito-local user with USER_PASSWORD_AUTH; returns a fresh ID token. */
export async function signInLocalUser(pool: { endpoint: string; userPoolId: string; clientId: string }, email: string): Promise<string> {
  const client = cognitoLocalClient(pool.endpoint);
  try {
    await client
      .send(
        new AdminCreateUserCommand({
          UserPoolId: pool.userPoolId,
          Username: email,
          TemporaryPassword: PASSWORD,
          MessageAction: 'SUPPRESS',
          UserAttributes: [{ Name: 'email', Value: email }, { Name: 'email_verified', Value: 'true' }],
        }),
      )
      .catch(() => undefined);
    const auth = { USERNAME: email, PASSWORD };
    const started = await client.send(new InitiateAuthCommand({ ClientId: pool.clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: auth }));
    const result =
      started.AuthenticationResult ??
      (
        await client.send(
          new RespondToAuthChallengeCommand({
            ClientId: pool.clientId,
            ChallengeName: 'NEW_PASSWORD_REQUIRED',
            Session: started.Session,
            ChallengeResponses: { USERNAME: email, NEW_PASSWORD: PASSWORD },
          }),
        )
      ).AuthenticationResult;
    if (!result?.IdToken) throw new Error(`cognito-local gave ${email} no ID token`);
    return result.IdToken;
  } finally {
    client.destroy();
  }
}
