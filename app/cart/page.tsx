import type { Metadata } from 'next';
import { CartView } from '@/components/cart/CartView';
import { deliveryDateRange } from '@/lib/checkout/delivery-date';
import { getServices } from '@/lib/composition';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Your cart' };

export default async function CartPage() {
  const { loadCatalog, clock, config } = getServices();
  const catalog = await loadCatalog();
  const { earliest, latest } = deliveryDateRange(clock.now(), config.shopTimeZone);
  return (
    <>
      <h1>Your cart</h1>
      <CartView catalog={catalog} earliestDeliveryDate={earliest} latestDeliveryDate={latest} />
    </>
  );
}
