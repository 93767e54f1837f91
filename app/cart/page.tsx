import type { Metadata } from 'next';
import { CartView } from '@/components/cart/CartView';
import { isCartNotice, linesFromRestoreParam } from '@/lib/domain/cart/cart-restore';
import { deliveryDateRange } from '@/lib/domain/checkout/delivery-date';
import { loadStorefrontCatalog } from '@/app/_server/cached-catalog';
import { getServices } from '@/lib/composition';
import { shopTimeFormatter } from '@/lib/domain/format/shop-time';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Your cart' };

interface CartPageProps {
  searchParams: Promise<{ notice?: string | string[]; restore?: string | string[] }>;
}

export default async function CartPage({ searchParams }: CartPageProps) {
  const { clock, config } = getServices();
  const { notice, restore } = await searchParams;
  const catalog = await loadStorefrontCatalog();
  const rules = config.catering;
  const { earliest, latest, earliestWindows } = deliveryDateRange(clock.now(), config.shopTimeZone, rules);
  const format = shopTimeFormatter(config.shopTimeZone);
  return (
    <>
      <h1>Your cart</h1>
      <CartView
        catalog={catalog}
        earliestDeliveryDate={earliest}
        earliestDeliveryLabel={format.deliveryDate(earliest)}
        latestDeliveryDate={latest}
        deliveryWindows={rules.deliveryWindows.map((value) => ({ value, label: format.deliveryWindow(value) }))}
        earliestDateWindows={earliestWindows}
        leadTimeHours={rules.leadTimeHours}
        notice={isCartNotice(notice) ? notice : null}
        restoreLines={linesFromRestoreParam(typeof restore === 'string' ? restore : null)}
      />
    </>
  );
}
