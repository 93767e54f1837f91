import type { OrderRepository } from '../../domain/orders/order-repository';
import { deliveriesCsv } from '../../domain/kitchen/deliveries-csv';
import { isIsoDate } from '../../domain/kitchen/delivery-days';
import { staffOnly, type StaffRequestDeps } from './staff-requests';

/** GET /admin/deliveries.csv?date=YYYY-MM-DD: the day's deliveries as a spreadsheet download. */
export async function handleDeliveriesCsv(
  deps: StaffRequestDeps & { store: Pick<OrderRepository, 'listOrdersByDeliveryDate'>; shopTimeZone: string },
  request: Request,
): Promise<Response> {
  const staff = await staffOnly(deps);
  if (staff instanceof Response) return staff;
  const date = new URL(request.url).searchParams.get('date');
  if (!isIsoDate(date)) return new Response('date must be a calendar date, YYYY-MM-DD', { status: 400 });
  const csv = deliveriesCsv(await deps.store.listOrdersByDeliveryDate(date, date), deps.shopTimeZone);
  return new Response(csv, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="deliveries-${date}.csv"`,
      'Cache-Control': 'no-store',
    },
  });
}
