import type { Metadata } from 'next';
import Link from 'next/link';
import { requireUser } from '@/app/_server/require-user';
import { shopToday } from '@/lib/domain/checkout/delivery-date';
import { getServices } from '@/lib/composition';
import { addressLine } from '@/lib/domain/format/address';
import { shopTimeFormatter } from '@/lib/domain/format/shop-time';
import { formatMoney } from '@/lib/domain/money';
import type { Plan } from '@/lib/domain/plans/plan';
import { listCustomerPlans } from '@/lib/services/plans/plan-portal';
import { nextDelivery, PLAN_STATUS_LABELS, unpaidInvoice } from '@/lib/domain/plans/plan-view';
import { StripeRedirectForm } from '../plans/StripeRedirectForm';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Your account', robots: { index: false } };

const capitalized = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);

function PlanCard({ plan, today, timeZone }: { plan: Plan; today: string; timeZone: string }) {
  const format = shopTimeFormatter(timeZone);
  const next = nextDelivery(plan, today, timeZone);
  const unpaid = unpaidInvoice(plan);
  const subscription = plan.subscription;
  const latestLine = plan.invoices.at(-1);
  return (
    <li className="panel" data-testid="plan">
      <h2>
        {subscription?.productName ?? 'Catering plan'}{' '}
        <span className={`status-pill status-plan-${plan.status}`} data-testid="plan-status">
          {PLAN_STATUS_LABELS[plan.status]}
        </span>
      </h2>
      <dl className="facts">
        <div>
          <dt>Each delivery</dt>
          <dd data-testid="plan-quantity">
            {subscription ? `${subscription.quantity} × ${subscription.interval === 'month' ? 'monthly' : 'weekly'}` : '—'}
            {subscription?.unitAmount != null && subscription.currency
              ? ` · ${formatMoney(subscription.unitAmount * subscription.quantity, subscription.currency)} per ${subscription.interval ?? 'period'}`
              : latestLine
                ? ` · ${formatMoney(latestLine.amount, latestLine.currency)}`
                : null}
          </dd>
        </div>
        <div>
          <dt>Delivery day</dt>
          <dd>
            {plan.delivery.weekday ? capitalized(plan.delivery.weekday) : '—'}
            {plan.delivery.window ? `, ${format.deliveryWindow(plan.delivery.window)}` : null}
          </dd>
        </div>
        <div>
          <dt>Next delivery</dt>
          <dd data-testid="plan-next-delivery">{next ? format.deliveryDate(next) : 'None scheduled'}</dd>
        </div>
        <div>
          <dt>Deliver to</dt>
          <dd>{[plan.delivery.recipient, addressLine(plan.delivery.address)].filter(Boolean).join(', ') || '—'}</dd>
        </div>
      </dl>
      {unpaid ? (
        <p className="alert alert-error" role="alert" data-testid="plan-payment-problem">
          We could not charge {formatMoney(unpaid.amount, unpaid.currency)} for this period, so its delivery is on hold. Update your card under
          &ldquo;Manage plan&rdquo;
          {unpaid.hostedInvoiceUrl ? (
            <>
              {' '}
              or <a href={unpaid.hostedInvoiceUrl}>pay the invoice</a>
            </>
          ) : null}
          .
        </p>
      ) : null}
      {plan.status === 'canceling' && subscription?.currentPeriodEnd ? (
        <p data-testid="plan-ends">Your plan ends on {format.date(subscription.currentPeriodEnd)}; no renewals after that.</p>
      ) : null}
      {plan.status !== 'ended' ? (
        <StripeRedirectForm action="/api/plans/portal" submitLabel="Manage plan" submitClassName="button secondary">
          <input type="hidden" name="planId" value={plan.id} />
        </StripeRedirectForm>
      ) : null}
    </li>
  );
}

export default async function AccountPage({ searchParams }: { searchParams: Promise<{ subscribed?: string }> }) {
  const user = await requireUser('/account');
  const { subscribed } = await searchParams;
  const { plans: store, config, clock } = getServices();
  const plans = store ? await listCustomerPlans(store, user) : [];
  const today = shopToday(clock.now(), config.shopTimeZone);
  return (
    <>
      <h1>Your account</h1>
      <p>
        Signed in as {user.email}. <Link href="/orders">Your orders</Link> lists every delivery, one-off and plan.
      </p>
      {subscribed && plans.length === 0 ? (
        <p className="alert" role="status" data-testid="plan-pending">
          Thank you! Your plan is being set up; this page shows it as soon as Stripe confirms the payment. <Link href="/account">Refresh</Link>
        </p>
      ) : null}
      <h2>Your catering plans</h2>
      {plans.length === 0 ? (
        <div className="panel empty-state">
          <p>No plans yet.</p>
          <Link href="/plans" className="button">
            See the plans
          </Link>
        </div>
      ) : (
        <ul className="mailbox" aria-label="Your plans">
          {plans.map((plan) => (
            <PlanCard key={plan.id} plan={plan} today={today} timeZone={config.shopTimeZone} />
          ))}
        </ul>
      )}
    </>
  );
}
