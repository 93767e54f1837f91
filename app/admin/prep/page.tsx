import type { Metadata } from 'next';
import Link from 'next/link';
import { requireStaff } from '@/lib/auth/require-staff';
import { getServices } from '@/lib/composition';
import { shopTimeFormatter } from '@/lib/format/shop-time';
import { deliveryRange } from '@/lib/kitchen/delivery-days';
import { prepList } from '@/lib/kitchen/prep-list';
import { addDays } from '@/lib/checkout/delivery-date';
import { PrintButton } from './PrintButton';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Prep list' };

export default async function PrepListPage({ searchParams }: { searchParams: Promise<{ date?: string }> }) {
  await requireStaff();
  const { date } = await searchParams;
  const { store, config, clock } = getServices();
  const format = shopTimeFormatter(config.shopTimeZone);
  const { from: day } = deliveryRange('date', date, clock.now(), config.shopTimeZone);
  const list = prepList(await store.listOrdersByDeliveryDate(day, day));
  return (
    <section className="prep-list">
      <h1>
        Prep list · <span data-testid="prep-date">{format.deliveryDate(day)}</span>
      </h1>
      <div className="kitchen-toolbar no-print">
        <Link href={`/admin/prep?date=${addDays(day, -1)}`}>← Previous day</Link>
        <Link href={`/admin/prep?date=${addDays(day, 1)}`}>Next day →</Link>
        <form method="get" action="/admin/prep" className="kitchen-inline-form">
          <label htmlFor="prep-date-input">Date</label>
          <input id="prep-date-input" type="date" name="date" defaultValue={day} required />
          <button type="submit" className="button">Show</button>
        </form>
        <PrintButton />
      </div>
      {list.lines.length === 0 ? (
        <p className="panel empty-state">Nothing to prepare for this day.</p>
      ) : (
        <table className="orders-table prep-table">
          <caption>
            {list.orderCount} {list.orderCount === 1 ? 'order' : 'orders'} · {list.totalQuantity} packages · serves about {list.totalServings}
          </caption>
          <thead>
            <tr>
              <th scope="col">Package</th>
              <th scope="col">Quantity</th>
              <th scope="col">Servings</th>
              <th scope="col">Orders</th>
            </tr>
          </thead>
          <tbody>
            {list.lines.map((line) => (
              <tr key={line.key} data-testid="prep-line">
                <th scope="row">{line.name}</th>
                <td data-testid="prep-quantity">{line.quantity}</td>
                <td data-testid="prep-servings">{line.servings ?? '—'}</td>
                <td>{line.orders}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">Total</th>
              <td>{list.totalQuantity}</td>
              <td data-testid="prep-total-servings">{list.totalServings}</td>
              <td>{list.orderCount}</td>
            </tr>
          </tfoot>
        </table>
      )}
    </section>
  );
}
