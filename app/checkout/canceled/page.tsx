import type { Metadata } from 'next';
import Link from 'next/link';

export const metadata: Metadata = { title: 'Checkout canceled', robots: { index: false } };

export default function CheckoutCanceledPage() {
  return (
    <section className="status panel">
      <span className="badge wait">Checkout canceled</span>
      <h1>No problem — nothing was charged</h1>
      <p>Your cart is just as you left it.</p>
      <Link href="/cart" className="button">
        Back to your cart
      </Link>
    </section>
  );
}
