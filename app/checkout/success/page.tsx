import type { Metadata } from 'next';
import Link from 'next/link';
import { AutoRefresh } from '@/components/checkout/AutoRefresh';
import { ClearCartOnPaid } from '@/components/checkout/ClearCartOnPaid';
import { OrderSummaryList } from '@/components/checkout/OrderSummaryList';
import { loadCheckoutOutcome } from '@/lib/orders/success-page-outcome';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Your order', robots: { index: false } };

interface SuccessPageProps {
  searchParams: Promise<{ session_id?: string | string[] }>;
}

export default async function CheckoutSuccessPage({ searchParams }: SuccessPageProps) {
  const { session_id: sessionId } = await searchParams;
  const outcome = await loadCheckoutOutcome(sessionId);

  switch (outcome.state) {
    case 'paid':
      return (
        <section className="status panel" aria-live="polite">
          <ClearCartOnPaid />
          <span className="badge ok">Payment received</span>
          <h1>Thank you{outcome.firstName ? `, ${outcome.firstName}` : ''}!</h1>
          <p>Your payment has been received and your order is confirmed. We&apos;ll email you a receipt.</p>
          <OrderSummaryList items={outcome.items} amountTotal={outcome.amountTotal} currency={outcome.currency} />
          <Link href="/" className="button secondary">
            Back to the menu
          </Link>
        </section>
      );
    case 'awaiting_payment':
      return (
        <section className="status panel" aria-live="polite">
          <ClearCartOnPaid />
          {/* Bank debits settle later: keep checking, gently, while the page is open. */}
          <AutoRefresh everyMs={5000} />
          <span className="badge wait">Awaiting payment</span>
          <h1>Order received{outcome.firstName ? `, ${outcome.firstName}` : ''}</h1>
          <p>Your order is placed, but your payment has not cleared yet. We&apos;ll confirm as soon as it does.</p>
          <OrderSummaryList items={outcome.items} amountTotal={outcome.amountTotal} currency={outcome.currency} />
        </section>
      );
    case 'confirming':
      return (
        <section className="status panel" aria-live="polite" aria-busy="true">
          <AutoRefresh />
          <div className="spinner" aria-hidden="true" />
          <span className="badge wait">Confirming your payment…</span>
          <h1>Confirming your payment…</h1>
          <p>This usually takes a few seconds. This page will update by itself.</p>
        </section>
      );
    case 'not_paid':
      return (
        <section className="status panel">
          <span className="badge bad">Not paid</span>
          <h1>We haven&apos;t received a payment</h1>
          <p>This checkout was not completed, so you have not been charged. Your cart is still here.</p>
          <Link href="/cart" className="button">
            Return to your cart
          </Link>
        </section>
      );
    case 'payment_failed':
      return (
        <section className="status panel">
          <span className="badge bad">Payment failed</span>
          <h1>Your payment did not go through</h1>
          <p>You have not been charged. Please try again with another payment method.</p>
          <Link href="/cart" className="button">
            Return to your cart
          </Link>
        </section>
      );
    case 'expired':
      return (
        <section className="status panel">
          <span className="badge bad">Checkout expired</span>
          <h1>This checkout has expired</h1>
          <p>You have not been charged. Start a new checkout from your cart.</p>
          <Link href="/cart" className="button">
            Return to your cart
          </Link>
        </section>
      );
    case 'not_found':
      return (
        <section className="status panel">
          <span className="badge bad">Not found</span>
          <h1>We couldn&apos;t find that checkout</h1>
          <p>Check the link, or start again from the menu.</p>
          <Link href="/" className="button">
            Back to the menu
          </Link>
        </section>
      );
  }
}
