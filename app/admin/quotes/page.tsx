import type { Metadata } from 'next';
import { requireStaff } from '@/lib/auth/require-staff';
import { deliveryDateRange } from '@/lib/checkout/delivery-date';
import { getServices } from '@/lib/composition';
import { shopTimeFormatter } from '@/lib/format/shop-time';
import { formatMoney } from '@/lib/money';
import { CATALOG_ROWS, CUSTOM_ROWS } from '@/lib/quotes/quote-form';
import { QuoteForm } from './QuoteForm';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Quotes' };

/** Staff quote a large or custom order and send the customer a Stripe Payment Link. */
export default async function QuotesPage() {
  await requireStaff();
  const { loadCatalog, config, clock } = getServices();
  const catalog = await loadCatalog();
  const format = shopTimeFormatter(config.shopTimeZone);
  const { earliest, latest } = deliveryDateRange(clock.now(), config.shopTimeZone, config.catering);
  return (
    <>
      <h1>Quotes</h1>
      <p>
        For a large or custom order: choose menu items (any quantity up to 999) or add custom lines, set the delivery, and the customer gets a
        Stripe payment link by email. Once paid it appears in the kitchen like any other order.
      </p>
      <QuoteForm
        catalog={catalog.map((item) => ({ priceId: item.priceId, label: `${item.name} — ${formatMoney(item.unitAmount, item.currency)}` }))}
        windows={config.catering.deliveryWindows.map((window) => ({ value: window, label: format.deliveryWindow(window) }))}
        minDate={earliest}
        maxDate={latest}
        catalogRows={CATALOG_ROWS}
        customRows={CUSTOM_ROWS}
      />
    </>
  );
}
