import {
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminGetUserCommand,
  AdminSetUserPasswordCommand,
  UserNotFoundException,
  UsernameExistsException,
  type AttributeType,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { randomBytes } from 'node:crypto';
import type { Mailer } from '../../domain/mail/mailer';
import { invitationEmail, invitationKey } from '../../services/mail/templates';
import type { AccountProvisioner, Buyer, CustomerAccount, ProvisionResult } from '../../domain/accounts/account';
import { accountStanding, IneligibleAccountError } from '../../domain/accounts/account-standing';

/** An outbox that can tell whether a message was already sent. */
export interface InvitationMailer extends Mailer {
  has(key: string): Promise<boolean>;
}

/**
 * Who emails the invitation with the temporary password:
 * - 'cognito': Cognito itself, with the user pool's invitation template (the cloud);
 * - 'mailer': we do, through the mailer port (cognito-local sends no email).
 */
export type InvitationDelivery = { by: 'cognito' } | { by: 'mailer'; mailer: InvitationMailer; siteUrl: string };

/** An invitation this old that never went out belongs to a worker that died; it is safe to redo. */
const STALE_INVITATION_MS = 2 * 60 * 1000;

/**
 * A fresh account whose mailed invitation is not out yet: its creator may still be sending it, or lost the reply
 * and died. Thrown (not answered "created: false") so the follow-up queue retries later instead of completing the
 * job with no invitation ever sent; once the account is stale, the retry sends it.
 */
export class InvitationPendingError extends Error {
  constructor(username: string) {
    super(`The invitation for ${username} is not sent yet; retry after ${STALE_INVITATION_MS / 1000} s`);
    this.name = 'InvitationPendingError';
  }
}

export function temporaryPassword(): string {
  // Satisfies Cognito's default policy: upper, lower, digit, symbol, 8+ characters.
  return `Tmp-${randomBytes(9).toString('base64url')}9a!`;
}

function attribute(attributes: AttributeType[] | undefined, name: string): string | undefined {
  return attributes?.find((entry) => entry.Name === name)?.Value;
}

/**
 * How a user pool differs from Cognito. cognito-local confirms a sign-up only with the code it emailed (so the
 * email is proven) but, unlike Cognito, leaves `email_verified` unset: there a confirmed sign-up counts as verified.
 */
export interface UserPoolQuirks {
  confirmedSignUpLeavesEmailUnverified?: boolean;
}

interface FoundUser {
  account: CustomerAccount;
  status: string | undefined;
  emailVerified: boolean;
  created: Date | undefined;
}

/**
 * Provisions buyers in a Cognito user pool with AdminCreateUser. The same code serves Cognito and
 * cognito-local: only the client's endpoint and the invitation delivery differ, chosen at composition.
 */
export class CognitoAccountProvisioner implements AccountProvisioner {
  constructor(
    private readonly client: CognitoIdentityProviderClient,
    private readonly userPoolId: string,
    private readonly invitations: InvitationDelivery,
    options: { now?: () => Date; pool?: UserPoolQuirks } = {},
  ) {
    this.now = options.now ?? (() => new Date());
    this.pool = options.pool ?? {};
  }

  private readonly now: () => Date;
  private readonly pool: UserPoolQuirks;

  async provision(buyer: Buyer): Promise<ProvisionResult> {
    const email = buyer.email.trim().toLowerCase();
    const existing = await this.find(email);
    if (existing) {
      const standing = accountStanding(existing.status, existing.emailVerified);
      if (standing === 'refuse') throw new IneligibleAccountError(existing.status);
      if (standing === 'attach') return this.existingAccount(existing, buyer);
      // An unconfirmed sign-up proves nothing about the email: it gives way to the shop's invitation.
      await this.client.send(new AdminDeleteUserCommand({ UserPoolId: this.userPoolId, Username: existing.account.username }));
    }
    try {
      return { account: await this.create(email, buyer.name), created: true };
    } catch (error) {
      // Someone else created it between our look-up and our create: reuse theirs.
      if (!(error instanceof UsernameExistsException)) throw error;
      const raced = await this.find(email);
      if (!raced || accountStanding(raced.status, raced.emailVerified) !== 'attach') throw error;
      return this.existingAccount(raced, buyer);
    }
  }

  private async find(email: string): Promise<FoundUser | null> {
    try {
      const user = await this.client.send(new AdminGetUserCommand({ UserPoolId: this.userPoolId, Username: email }));
      const sub = attribute(user.UserAttributes, 'sub');
      if (!sub || !user.Username) throw new Error('Cognito returned a user without sub or username');
      return {
        account: { sub, username: user.Username, email: attribute(user.UserAttributes, 'email') ?? email },
        status: user.UserStatus,
        emailVerified:
          attribute(user.UserAttributes, 'email_verified') === 'true' ||
          (this.pool.confirmedSignUpLeavesEmailUnverified === true && user.UserStatus === 'CONFIRMED' && attribute(user.UserAttributes, 'email_verified') === undefined),
        created: user.UserCreateDate,
      };
    } catch (error) {
      if (error instanceof UserNotFoundException) return null;
      throw error;
    }
  }

  private async create(email: string, name: string | null): Promise<CustomerAccount> {
    const password = this.invitations.by === 'mailer' ? temporaryPassword() : undefined;
    const result = await this.client.send(
      new AdminCreateUserCommand({
        UserPoolId: this.userPoolId,
        Username: email,
        UserAttributes: [
          { Name: 'email', Value: email },
          { Name: 'email_verified', Value: 'true' },
          ...(name ? [{ Name: 'name', Value: name }] : []),
        ],
        DesiredDeliveryMediums: ['EMAIL'],
        // Cognito emails the invitation itself unless we deliver it.
        ...(password ? { TemporaryPassword: password, MessageAction: 'SUPPRESS' as const } : {}),
      }),
    );
    const sub = attribute(result.User?.Attributes, 'sub');
    if (!sub || !result.User?.Username) throw new Error('Cognito created a user without sub or username');
    const account = { sub, username: result.User.Username, email };
    if (password) await this.mailInvitation(account, name, password);
    return account;
  }

  /**
   * An existing account is reused. With mailed invitations, one created by a worker that died before
   * mailing its invitation gets a fresh temporary password and the invitation now; a younger one is retried later.
   */
  private async existingAccount(found: FoundUser, buyer: Buyer): Promise<ProvisionResult> {
    if (this.invitations.by !== 'mailer' || found.status !== 'FORCE_CHANGE_PASSWORD') {
      return { account: found.account, created: false };
    }
    const age = this.now().getTime() - (found.created?.getTime() ?? 0);
    if (await this.invitations.mailer.has(invitationKey(found.account.username))) return { account: found.account, created: false };
    if (age < STALE_INVITATION_MS) throw new InvitationPendingError(found.account.username);
    const password = temporaryPassword();
    await this.client.send(
      new AdminSetUserPasswordCommand({ UserPoolId: this.userPoolId, Username: found.account.username, Password: password, Permanent: false }),
    );
    await this.mailInvitation(found.account, buyer.name, password);
    return { account: found.account, created: true };
  }

  private async mailInvitation(account: CustomerAccount, name: string | null, password: string): Promise<void> {
    if (this.invitations.by !== 'mailer') return;
    await this.invitations.mailer.send(
      invitationEmail({ to: account.email, name, temporaryPassword: password, siteUrl: this.invitations.siteUrl, username: account.username }),
    );
  }
}
