import type { AccountProvisioner, Buyer, ProvisionResult } from '@/lib/domain/accounts/account';
import { CognitoAccountProvisioner, type InvitationDelivery } from '@/lib/adapters/cognito/cognito-provisioner';
import { MemoryUserPool } from './memory-user-pool';

/**
 * The real Cognito provisioner over an in-memory user pool, for tests that are not about Cognito:
 * races raise UsernameExistsException as Cognito does, and duplicate users would be visible.
 */
export class MemoryAccounts implements AccountProvisioner {
  readonly pool: MemoryUserPool;
  private readonly provisioner: CognitoAccountProvisioner;

  constructor(options: { invitations?: InvitationDelivery; now?: () => Date } = {}) {
    this.pool = new MemoryUserPool(options.now);
    this.provisioner = new CognitoAccountProvisioner(this.pool.client, 'us-east-1_memory', options.invitations ?? { by: 'cognito' }, { now: options.now });
  }

  /** Users in the pool (one per distinct buyer, unless something created duplicates). */
  get created(): number {
    return this.pool.users.length;
  }

  provision(buyer: Buyer): Promise<ProvisionResult> {
    return this.provisioner.provision(buyer);
  }
}
