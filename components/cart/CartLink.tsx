'use client';

import Link from 'next/link';
import { useCart } from './CartProvider';

export function CartLink() {
  const { itemCount, ready } = useCart();
  const label = ready ? `Cart, ${itemCount} ${itemCount === 1 ? 'item' : 'items'}` : 'Cart';
  return (
    <Link href="/cart" className="cart-link" aria-label={label} data-testid="cart-link">
      <span aria-hidden="true">Cart</span>
      <span className="cart-count" aria-hidden="true" data-testid="cart-count">
        {ready ? itemCount : 0}
      </span>
    </Link>
  );
}
