import type { AccountProvisioner } from '../accounts/account';
import { ownerOf } from '../accounts/account';
import type { Mailer } from '../mail/mailer';
import type { FollowUpJob, OrderStore, StoredFollowUp } from '../orders/order-store';

export const ORDER_PAID = 'order-paid';

/** The follow-up every paid order gets, once: keyed by order, whichever event reported the payment. */
export function orderPaidJob(orderId: string): FollowUpJob {
  return { key: `${ORDER_PAID}:${orderId}`, kind: ORDER_PAID, payload: { orderId } };
}

export interface OrderPaidDeps {
  store: OrderStore;
  accounts: AccountProvisioner;
  mailer: Mailer;
  siteUrl: string;
}

interface Progress {
  owner?: string;
  newAccount?: boolean;
}

/**
 * After payment: give the buyer an account (invited if new) and the order to that account.
 * The receipt is its own job (order-receipt), sent to every buyer, new or returning.
 * Each step is idempotent and its result is saved as progress, so a retry resumes where a failure stopped.
 */
export async function runOrderPaid(deps: OrderPaidDeps, job: StoredFollowUp): Promise<void> {
  const orderId = String(job.payload.orderId);
  const order = await deps.store.getOrder(orderId);
  const email = order?.customer?.email;
  if (!order || !email) return; // Nothing to provision for: no buyer email on the session.

  const progress: Progress = { ...(job.progress as Progress) };
  if (!progress.owner) {
    const { account, created } = await deps.accounts.provision({ email, name: order.customer?.name ?? null });
    progress.owner = ownerOf(account);
    progress.newAccount = created;
    await deps.store.saveFollowUpProgress(job.key, { ...progress });
  }

  await deps.store.assignOwner(orderId, progress.owner);
}
