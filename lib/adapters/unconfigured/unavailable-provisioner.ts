import type { AccountProvisioner, ProvisionResult } from '../../domain/accounts/account';

/**
 * Stands in when no user pool is configured. Provisioning fails loudly, so the paid-order follow-up
 * stays pending (and retried) instead of silently skipping the buyer's account.
 */
export const unavailableProvisioner: AccountProvisioner = {
  provision(): Promise<ProvisionResult> {
    return Promise.reject(
      new Error('Customer accounts are not configured: start the shop with `npm run dev` (cognito-local) or set COGNITO_USER_POOL_ID and COGNITO_CLIENT_ID'),
    );
  },
};
