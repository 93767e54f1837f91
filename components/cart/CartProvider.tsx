'use client';

import { createContext, useContext, useMemo, useSyncExternalStore, type ReactNode } from 'react';
import { addLine, countItems, parseStoredCart, removeLine, setLineQuantity, type CartLine } from '@/lib/domain/cart/cart-lines';
import { readCartSnapshot, readServerCartSnapshot, subscribeToCart, writeCart } from './cart-storage';

interface CartContextValue {
  lines: CartLine[];
  itemCount: number;
  /** False until the saved cart has been read, so the first render matches the server's. */
  ready: boolean;
  add(priceId: string, quantity?: number): void;
  setQuantity(priceId: string, quantity: number): void;
  remove(priceId: string): void;
  clear(): void;
}

const CartContext = createContext<CartContextValue | null>(null);

/** The cart lives in localStorage (price ids and quantities only) and follows other tabs. */
export function CartProvider({ children }: { children: ReactNode }) {
  const raw = useSyncExternalStore(subscribeToCart, readCartSnapshot, readServerCartSnapshot);

  const value = useMemo<CartContextValue>(() => {
    const lines = parseStoredCart(raw);
    const update = (change: (current: CartLine[]) => CartLine[]) => writeCart(change(parseStoredCart(readCartSnapshot())));
    return {
      lines,
      itemCount: countItems(lines),
      ready: raw !== null,
      add: (priceId, quantity = 1) => update((current) => addLine(current, priceId, quantity)),
      setQuantity: (priceId, quantity) => update((current) => setLineQuantity(current, priceId, quantity)),
      remove: (priceId) => update((current) => removeLine(current, priceId)),
      clear: () => update(() => []),
    };
  }, [raw]);

  return <CartContext.Provider value={value}>{children}</CartContext.Provider>;
}

export function useCart(): CartContextValue {
  const value = useContext(CartContext);
  if (!value) throw new Error('useCart must be used inside <CartProvider>');
  return value;
}
