import type { AccountProvisioner } from '../../domain/accounts/account';
import { ownerOf } from '../../domain/accounts/account';
import type { Mailer } from '../../domain/mail/mailer';
import type { StoredFollowUp } from '../../domain/followups/follow-up-queue';
import type { OrderRepository } from '../../domain/orders/order-repository';
import type { JobStore } from './order-receipt';

export interface OrderPaidDeps {
  store: JobStore & Pick<OrderRepository, 'assignOwner'>;
  accounts: AccountProvisioner;
  mailer: Mailer;
  siteUrl: string;
}

interface Progress {
  /** Set before provisioning: a retry that finds it cannot trust "created: false" (see below). */
  provisioning?: boolean;
  owner?: string;
  newAccount?: boolean;
}

type Provisioned = Progress & { owner: string };

/** Finds or creates the buyer's account; a provisioning call that threw (nothing created) is retried as new. */
async function provisionOwner(deps: OrderPaidDeps, jobKey: string, progress: Progress, buyer: { email: string; name: string | null }): Promise<Provisioned> {
  const retried = progress.provisioning === true;
  if (!retried) await deps.store.saveFollowUpProgress(jobKey, { ...progress, provisioning: true });
  let result;
  try {
    result = await deps.accounts.provision(buyer);
  } catch (error) {
    await deps.store.saveFollowUpProgress(jobKey, { ...progress, provisioning: undefined });
    throw error;
  }
  // After a lost reply, "created: false" may mean our own earlier attempt created (and invited) the buyer,
  // so a retried provisioning counts as new.
  // `provisioning` may stay set: once `owner` is saved, nothing reads it again.
  const next = { ...progress, owner: ownerOf(result.account), newAccount: result.created || retried };
  await deps.store.saveFollowUpProgress(jobKey, next);
  return next;
}

/**
 * After payment: give the buyer an account (invited if new) and the order to that account.
 * The receipt is its own job (order-receipt), sent to every buyer, new or returning.
 * Each step is idempotent and its result is saved as progress, so a retry resumes where a failure stopped.
 */
export async function runOrderPaid(deps: OrderPaidDeps, job: StoredFollowUp): Promise<void> {
  const orderId = String(job.payload.orderId);
  const customer = (await deps.store.getOrder(orderId))?.customer;
  if (!customer?.email) return; // Nothing to provision for: no order, or no buyer email on the session.

  const saved = job.progress as Progress;
  const owner = saved.owner ?? (await provisionOwner(deps, job.key, saved, { email: customer.email, name: customer.name ?? null })).owner;

  await deps.store.assignOwner(orderId, owner);
}
