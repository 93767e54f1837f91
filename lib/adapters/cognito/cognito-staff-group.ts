import {
  AdminAddUserToGroupCommand,
  CreateGroupCommand,
  GroupExistsException,
  ListUsersCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { STAFF_GROUP } from '../../domain/auth/staff';

export class UnknownStaffEmailError extends Error {
  constructor(email: string) {
    super(`No user with the email ${email} in the user pool: they must sign up (or buy once) first`);
    this.name = 'UnknownStaffEmailError';
  }
}

/**
 * Puts the user with this email into the staff group, creating the group if the pool lacks it (a local
 * cognito-local pool is created without groups). Idempotent. The user's next sign-in carries the group.
 */
export async function addToStaffGroup(client: CognitoIdentityProviderClient, userPoolId: string, email: string): Promise<{ username: string }> {
  try {
    await client.send(new CreateGroupCommand({ UserPoolId: userPoolId, GroupName: STAFF_GROUP, Description: 'Kitchen staff' }));
  } catch (error) {
    if (!(error instanceof GroupExistsException)) throw error;
  }
  // The shop's accounts are made with lowercase emails; the filter is exact, so ask for that spelling.
  const wanted = email.trim().toLowerCase();
  const listed = await client.send(new ListUsersCommand({ UserPoolId: userPoolId, Filter: `email = "${wanted.replace(/["\\]/g, '')}"` }));
  const user = (listed.Users ?? []).find((candidate) =>
    candidate.Attributes?.some((attribute) => attribute.Name === 'email' && attribute.Value?.toLowerCase() === wanted),
  );
  if (!user?.Username) throw new UnknownStaffEmailError(email);
  await client.send(new AdminAddUserToGroupCommand({ UserPoolId: userPoolId, Username: user.Username, GroupName: STAFF_GROUP }));
  return { username: user.Username };
}
