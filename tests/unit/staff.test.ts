import { describe, expect, it } from 'vitest';
import { ADMINS_GROUP } from '@/amplify/auth/resource';
import { userFromClaims } from '@/lib/domain/auth/signed-in-user';
import { STAFF_GROUP, isStaff } from '@/lib/domain/auth/staff';

const claims = { sub: 'sub-1', 'cognito:username': 'user-1', email: 'chef@example.com', email_verified: true };

describe('staff access', () => {
  it('is the group the backend declares', () => {
    expect(STAFF_GROUP).toBe(ADMINS_GROUP);
  });

  it('reads the groups from the verified ID token', () => {
    expect(userFromClaims({ ...claims, 'cognito:groups': ['ADMINS', 'other'] })?.groups).toEqual(['ADMINS', 'other']);
    expect(userFromClaims({ ...claims, 'cognito:groups': 'ADMINS other' })?.groups).toEqual(['ADMINS', 'other']);
    expect(userFromClaims(claims)?.groups).toBeUndefined();
  });

  it('admits only members of ADMINS', () => {
    expect(isStaff(userFromClaims({ ...claims, 'cognito:groups': ['ADMINS'] }))).toBe(true);
    expect(isStaff(userFromClaims({ ...claims, 'cognito:groups': ['admins'] }))).toBe(false);
    expect(isStaff(userFromClaims({ ...claims, 'cognito:groups': [] }))).toBe(false);
    expect(isStaff(userFromClaims(claims))).toBe(false);
    expect(isStaff(null)).toBe(false);
  });
});
