/** A customer's account in the user pool (Cognito, or cognito-local on a laptop). */
export interface CustomerAccount {
  sub: string;
  username: string;
  email: string;
}

/** Amplify's owner format, which its owner-based authorization rules compare against. */
export function ownerOf(account: Pick<CustomerAccount, 'sub' | 'username'>): string {
  return `${account.sub}::${account.username}`;
}

export interface Buyer {
  email: string;
  name: string | null;
}

export interface ProvisionResult {
  account: CustomerAccount;
  /** True when this call created the account (and so the buyer was, or is being, invited). */
  created: boolean;
}

/** Finds or creates the buyer's account. Idempotent: the same email always yields the same account. */
export interface AccountProvisioner {
  provision(buyer: Buyer): Promise<ProvisionResult>;
}
