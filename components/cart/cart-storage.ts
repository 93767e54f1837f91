import type { CartLine } from '@/lib/domain/cart/cart-lines';

/** The cart as an external store over localStorage, shared by every tab of the shop. */
const STORAGE_KEY = 'harvest-table-cart-v1';
const listeners = new Set<() => void>();

function onStorage(event: StorageEvent) {
  if (event.key === STORAGE_KEY || event.key === null) listeners.forEach((listener) => listener());
}

export function subscribeToCart(listener: () => void): () => void {
  if (listeners.size === 0) window.addEventListener('storage', onStorage);
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) window.removeEventListener('storage', onStorage);
  };
}

/** The raw saved value: a string is cheap to compare, so React re-renders only on real changes. */
export function readCartSnapshot(): string {
  return window.localStorage.getItem(STORAGE_KEY) ?? '[]';
}

/** On the server (and during hydration) there is no saved cart yet. */
export function readServerCartSnapshot(): null {
  return null;
}

export function writeCart(lines: CartLine[]): void {
  window.localStorage.setItem(STORAGE_KEY, JSON.stringify(lines));
  listeners.forEach((listener) => listener());
}
