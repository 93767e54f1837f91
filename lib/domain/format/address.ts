import type { PostalAddress } from '../orders/order';

/** A postal address on one line ("1 Main Street, Springfield, IL 62701, US"); null when nothing is known. */
export function addressLine(address: PostalAddress | null | undefined): string | null {
  if (!address) return null;
  const cityLine = [address.city, [address.state, address.postalCode].filter(Boolean).join(' ')].filter(Boolean).join(', ');
  const parts = [address.line1, address.line2, cityLine, address.country].filter((part): part is string => Boolean(part));
  return parts.length > 0 ? parts.join(', ') : null;
}
