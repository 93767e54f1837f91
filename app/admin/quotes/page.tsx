import type { Metadata } from 'next';
import { DataTable } from '@/components/tables/DataTable';
import { requireStaff } from '@/app/_server/require-staff';
import { deliveryDateRange } from '@/lib/domain/checkout/delivery-date';
import { getServices } from '@/lib/composition';
import { shopTimeFormatter } from '@/lib/domain/format/shop-time';
import { formatMoney } from '@/lib/domain/money';
import { CATALOG_ROWS, CUSTOM_ROWS } from '@/lib/domain/quotes/quote-form';
import { recentQuotes } from '@/lib/services/quotes/recent-quotes';
import { QuoteForm } from './QuoteForm';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Quotes' };

const QUOTE_STATES = { paid: 'Paid', open: 'Waiting for payment', closed: 'Closed' } as const;
const QUOTE_COLUMNS = [{ label: 'Quote' }, { label: 'Delivery' }, { label: 'By' }, { label: 'Status' }, { label: 'Link' }];

/** Staff quote a large or custom order and send the customer a Stripe Payment Link. */
export default async function QuotesPage() {
  await requireStaff();
  const { loadCatalog, config, clock, stripe } = getServices();
  const [catalog, quotes] = await Promise.all([loadCatalog(), recentQuotes(stripe)]);
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
      <h2>Recent quotes</h2>
      {quotes.length === 0 ? (
        <p>No quotes yet.</p>
      ) : (
        <DataTable region={{ label: 'Recent quotes' }} columns={QUOTE_COLUMNS}>
          {quotes.map((quote) => (
            <tr key={quote.paymentLinkId} data-testid="quote-row">
              <td>{quote.quoteId}</td>
              <td>
                {quote.deliveryDate ? format.deliveryDate(quote.deliveryDate) : '—'}
                {quote.deliveryWindow ? `, ${format.deliveryWindow(quote.deliveryWindow)}` : ''}
              </td>
              <td>{quote.quotedBy ?? '—'}</td>
              <td>{QUOTE_STATES[quote.state]}</td>
              <td>
                <a href={quote.url}>Payment link</a>
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </>
  );
}
