import { randomUUID } from 'node:crypto';
import type { AccountProvisioner, Buyer, CustomerAccount, ProvisionResult } from '@/lib/accounts/account';

/** An in-memory user pool for tests that are not about Cognito: counts what it was asked to do. */
export class MemoryAccounts implements AccountProvisioner {
  readonly accounts = new Map<string, CustomerAccount>();
  created = 0;

  async provision(buyer: Buyer): Promise<ProvisionResult> {
    const email = buyer.email.toLowerCase();
    const existing = this.accounts.get(email);
    if (existing) return { account: existing, created: false };
    const sub = randomUUID();
    const account = { sub, username: sub, email };
    this.accounts.set(email, account);
    this.created++;
    return { account, created: true };
  }
}
