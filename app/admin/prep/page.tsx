import type { Metadata } from 'next';
import Link from 'next/link';
import { DataTable } from '@/components/tables/DataTable';
import { requireStaff } from '@/app/_server/require-staff';
import { getServices } from '@/lib/composition';
import { shopTimeFormatter } from '@/lib/domain/format/shop-time';
import { deliveryRange } from '@/lib/domain/kitchen/delivery-days';
import { prepList } from '@/lib/domain/kitchen/prep-list';
import { addDays } from '@/lib/domain/checkout/delivery-date';
import { PrintButton } from './PrintButton';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Prep list' };

const PREP_COLUMNS = [{ label: 'Package' }, { label: 'Quantity' }, { label: 'Servings' }, { label: 'Orders' }];

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
        <DataTable
          className="prep-table"
          columns={PREP_COLUMNS}
          caption={
            <caption>
              {list.orderCount} {list.orderCount === 1 ? 'order' : 'orders'} · {list.totalQuantity} packages · serves about {list.totalServings}
            </caption>
          }
          footer={
            <tr>
              <th scope="row">Total</th>
              <td>{list.totalQuantity}</td>
              <td data-testid="prep-total-servings">{list.totalServings}</td>
              <td>{list.orderCount}</td>
            </tr>
          }
        >
          {list.lines.map((line) => (
            <tr key={line.key} data-testid="prep-line">
              <th scope="row">{line.name}</th>
              <td data-testid="prep-quantity">{line.quantity}</td>
              <td data-testid="prep-servings">{line.servings ?? '—'}</td>
              <td>{line.orders}</td>
            </tr>
          ))}
        </DataTable>
      )}
    </section>
  );
}
