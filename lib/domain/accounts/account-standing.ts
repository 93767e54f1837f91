/**
 * What an existing user pool account with the buyer's email may do with a paid order. Cognito's user
 * statuses (AdminGetUser `UserStatus`):
 * - CONFIRMED: signed up and confirmed (a code sent to the email), or an invitation accepted.
 * - FORCE_CHANGE_PASSWORD: created with AdminCreateUser and not signed in yet. Only an administrator can
 *   create one, and the shop is the pool's only administrator: this is the shop's own pending invitation.
 * - RESET_REQUIRED: a confirmed user whose password an administrator reset.
 * - EXTERNAL_PROVIDER: signed in through a federated identity provider.
 * - UNCONFIRMED: signed up, never confirmed. Anyone can sign up with any email, so this proves nothing.
 * - ARCHIVED, COMPROMISED, UNKNOWN: legacy or unusable.
 * An order is attached only to an account whose email is verified and that is confirmed (or the shop's
 * own invitation). An unconfirmed account is a squatter (or an abandoned sign-up): it is replaced by a
 * fresh invitation, which only the mailbox's owner can use. Anything else gets nothing and is reported.
 */
export type AccountStanding = 'attach' | 'replace' | 'refuse';

const ATTACHABLE = new Set(['CONFIRMED', 'FORCE_CHANGE_PASSWORD', 'RESET_REQUIRED', 'EXTERNAL_PROVIDER']);

export function accountStanding(status: string | undefined, emailVerified: boolean): AccountStanding {
  if (status === 'UNCONFIRMED') return 'replace';
  if (status && ATTACHABLE.has(status) && emailVerified) return 'attach';
  return 'refuse';
}

/** An account holds the buyer's email but may not receive the order (see accountStanding). */
export class IneligibleAccountError extends Error {
  constructor(readonly status: string | undefined) {
    super(`An account with the buyer's email exists but may not receive orders (status ${status ?? 'unknown'}, or its email is not verified)`);
    this.name = 'IneligibleAccountError';
  }
}
