import type { Metadata } from 'next';
import { CartView } from '@/components/cart/CartView';
import { deliveryDateRange } from '@/lib/checkout/delivery-date';
import { loadStorefrontCatalog } from '@/lib/catalog/storefront-catalog';
import { getServices } from '@/lib/composition';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Your cart' };

export default async function CartPage() {
  const { clock, config } = getServices();
  const catalog = await loadStorefrontCatalog();
  const { earliest, latest } = deliveryDateRange(clock.now(), config.shopTimeZone);
  return (
    <>
      <h1>Your cart</h1>
      <CartView catalog={catalog} earliestDeliveryDate={earliest} latestDeliveryDate={latest} />
    </>
  );
}
