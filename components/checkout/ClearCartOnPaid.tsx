'use client';

import { useEffect } from 'react';
import { useCart } from '@/components/cart/CartProvider';

/** Empties the cart once the payment is confirmed (and only then: a canceled checkout keeps it). */
export function ClearCartOnPaid() {
  const { ready, clear, lines } = useCart();
  useEffect(() => {
    if (ready && lines.length > 0) clear();
  }, [ready, clear, lines.length]);
  return null;
}
