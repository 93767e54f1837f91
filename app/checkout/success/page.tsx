import type { Metadata } from 'next';
import Link from 'next/link';
import { AutoRefresh } from '@/components/checkout/AutoRefresh';
import { ClearCartOnPaid } from '@/components/checkout/ClearCartOnPaid';
import { OrderConfirmation } from '@/components/orders/OrderConfirmation';
import { restoreCartPath } from '@/lib/domain/cart/cart-restore';
import { loadCheckoutOutcome } from '@/app/_server/success-page-outcome';
import { orderNumberOf } from '@/lib/domain/orders/order-number';
import { getShopDetails } from '@/lib/config/shop';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Your order', robots: { index: false } };

interface SuccessPageProps {
  searchParams: Promise<{ session_id?: string | string[] }>;
}

export default async function CheckoutSuccessPage({ searchParams }: SuccessPageProps) {
  const { session_id: sessionId } = await searchParams;
  const outcome = await loadCheckoutOutcome(sessionId);
  const shop = getShopDetails();

  switch (outcome.state) {
    case 'paid':
      return (
        <section className="status panel" aria-live="polite">
          {/* Only a confirmed payment empties the cart: until then it is the customer's way to retry. */}
          <ClearCartOnPaid />
          <span className="badge ok">Payment received</span>
          <h1>Thank you{outcome.firstName ? `, ${outcome.firstName}` : ''}!</h1>
          <p>Your payment has been received and your order is confirmed. Your receipt is on its way by email.</p>
          <OrderConfirmation order={outcome.order} shop={shop} paid />
          <Link href="/" className="button secondary">
            Back to the menu
          </Link>
        </section>
      );
    case 'awaiting_payment':
      return (
        <section className="status panel" aria-live="polite">
          {/* Bank debits settle later: keep checking, gently, while the page is open. The cart stays until then. */}
          <AutoRefresh everyMs={5000} />
          <span className="badge wait">Awaiting payment</span>
          <h1>Order received{outcome.firstName ? `, ${outcome.firstName}` : ''}</h1>
          <p>Your order is placed, but your payment has not cleared yet. We&apos;ll confirm as soon as it does. Nothing is charged if it fails.</p>
          <OrderConfirmation order={outcome.order} shop={shop} paid={false} />
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
          <p>
            Your bank did not complete the payment for order <strong>{orderNumberOf(outcome.order)}</strong>, so you have not been charged.
            Your cart still has the same items: try again with a card or another account.
          </p>
          <Link href={restoreCartPath(outcome.order.items, 'payment_failed')} className="button">
            Try again from your cart
          </Link>
        </section>
      );
    case 'expired':
      return (
        <section className="status panel">
          <span className="badge bad">Checkout expired</span>
          <h1>This checkout has expired</h1>
          <p>You have not been charged. Your cart is still here: start a new checkout from it.</p>
          <Link href="/cart?notice=expired" className="button">
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
