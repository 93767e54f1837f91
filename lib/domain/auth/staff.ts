import type { SignedInUser } from './signed-in-user';

/**
 * The Cognito group whose members run the kitchen (amplify/auth/resource.ts declares it as ADMINS_GROUP;
 * a unit test keeps the two equal without importing the backend definition into the app).
 */
export const STAFF_GROUP = 'ADMINS';

/** Staff are signed-in users whose verified ID token lists the ADMINS group. */
export function isStaff(user: Pick<SignedInUser, 'groups'> | null | undefined): boolean {
  return user?.groups?.includes(STAFF_GROUP) ?? false;
}
