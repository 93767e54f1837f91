import type { Metadata } from 'next';
import Link from 'next/link';
import { KitchenOrderCard } from '@/components/kitchen/KitchenOrderCard';
import { requireStaff } from '@/app/_server/require-staff';
import { getServices } from '@/lib/composition';
import { shopTimeFormatter } from '@/lib/domain/format/shop-time';
import { deliveryRange, type DeliveryView } from '@/lib/domain/kitchen/delivery-days';
import { kitchenOrders } from '@/lib/domain/kitchen/kitchen-listing';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Orders' };

const VIEWS: { view: DeliveryView; label: string }[] = [
  { view: 'today', label: 'Today' },
  { view: 'tomorrow', label: 'Tomorrow' },
  { view: 'week', label: 'This week' },
];

interface KitchenPageProps {
  searchParams: Promise<{ view?: string; date?: string; q?: string }>;
}

export default async function KitchenOrdersPage({ searchParams }: KitchenPageProps) {
  await requireStaff();
  const { view, date, q } = await searchParams;
  const { store, config, clock } = getServices();
  const format = shopTimeFormatter(config.shopTimeZone);
  const query = q?.trim() ?? '';
  const range = deliveryRange(view, date, clock.now(), config.shopTimeZone);
  const orders = await kitchenOrders(store, query, range);
  let heading: string;
  let returnTo: string;
  if (query) {
    heading = `Orders matching “${query}”`;
    returnTo = `/admin?q=${encodeURIComponent(query)}`;
  } else {
    heading = range.from === range.to ? `Deliveries on ${format.deliveryDate(range.from)}` : `Deliveries ${format.deliveryDateShort(range.from)} – ${format.deliveryDateShort(range.to)}`;
    returnTo = range.view === 'date' ? `/admin?date=${range.from}` : `/admin?view=${range.view}`;
  }
  return (
    <>
      <h1>Kitchen orders</h1>
      <div className="kitchen-toolbar no-print">
        <nav aria-label="Delivery days" className="kitchen-views">
          {VIEWS.map((option) => (
            <Link key={option.view} href={`/admin?view=${option.view}`} aria-current={!query && range.view === option.view ? 'page' : undefined}>
              {option.label}
            </Link>
          ))}
        </nav>
        <form method="get" action="/admin" className="kitchen-inline-form">
          <label htmlFor="kitchen-date">Date</label>
          <input id="kitchen-date" type="date" name="date" defaultValue={range.view === 'date' ? range.from : ''} required />
          <button type="submit" className="button">Show</button>
        </form>
        <form method="get" action="/admin" className="kitchen-inline-form" role="search">
          <label htmlFor="kitchen-search">Email or order number</label>
          <input id="kitchen-search" type="search" name="q" defaultValue={query} />
          <button type="submit" className="button">Search</button>
        </form>
      </div>
      <h2 data-testid="kitchen-heading">{heading}</h2>
      {!query && range.from === range.to ? (
        <p className="no-print">
          <Link href={`/admin/prep?date=${range.from}`}>Prep list for this day</Link> ·{' '}
          <a href={`/admin/deliveries.csv?date=${range.from}`} download>
            Deliveries as CSV
          </a>
        </p>
      ) : null}
      {orders.length === 0 ? (
        <p className="panel empty-state">No orders.</p>
      ) : (
        <div className="kitchen-orders">
          {orders.map((order) => (
            <KitchenOrderCard key={order.id} order={order} format={format} returnTo={returnTo} />
          ))}
        </div>
      )}
    </>
  );
}
