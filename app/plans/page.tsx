import type { Metadata } from 'next';
import { DELIVERY_WINDOWS } from '@/lib/domain/checkout/delivery-window';
import { getServices } from '@/lib/composition';
import { shopTimeFormatter } from '@/lib/domain/format/shop-time';
import { formatMoney } from '@/lib/domain/money';
import { DELIVERY_WEEKDAYS } from '@/lib/domain/plans/plan';
import { fetchPlanOfferings } from '@/lib/services/plans/plan-offerings';
import { PLAN_PROBLEMS } from '@/lib/http/plans/handle-plan-requests';
import { StripeRedirectForm } from './StripeRedirectForm';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Catering plans' };


const capitalized = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);

export default async function PlansPage({ searchParams }: { searchParams: Promise<{ error?: string; field?: string }> }) {
  const { error, field } = await searchParams;
  const { stripe, config } = getServices();
  const offerings = await fetchPlanOfferings(stripe);
  const format = shopTimeFormatter(config.shopTimeZone);
  return (
    <>
      <h1>Catering plans</h1>
      <p>Lunch for the office, delivered on the same weekday every week or once a month. Pay per period, change or cancel any time.</p>
      {error ? (
        <p className="alert alert-error" role="alert" data-testid="plan-error">
          {PLAN_PROBLEMS[error as keyof typeof PLAN_PROBLEMS] ?? PLAN_PROBLEMS.invalid_request} {field ? `(${field})` : null}
        </p>
      ) : null}
      {offerings.length === 0 ? (
        <p className="panel empty-state">No plans are on offer right now. Please check back soon.</p>
      ) : (
        <StripeRedirectForm action="/api/plans/checkout" className="panel" ariaLabel="Subscribe to a plan" submitLabel="Subscribe" submitClassName="button large">
          <fieldset className="field">
            <legend>Choose a plan</legend>
            <ul className="product-grid" aria-label="Plans">
              {offerings.map((offering, index) => (
                <li key={offering.priceId} className="card" data-testid="plan-offering">
                  <label className="card-body">
                    <span>
                      <input type="radio" name="priceId" value={offering.priceId} defaultChecked={index === 0} required />{' '}
                      <strong>{offering.name}</strong>
                    </span>
                    <span className="price">
                      {formatMoney(offering.unitAmount, offering.currency)} / {offering.interval === 'week' ? 'week' : 'month'}
                    </span>
                    <span>{offering.interval === 'week' ? 'One delivery every week' : 'One delivery every month'}</span>
                    {offering.contents ? <span>Each delivery: {offering.contents}</span> : null}
                    {offering.serves ? <span className="serves">Serves {offering.serves}</span> : null}
                  </label>
                </li>
              ))}
            </ul>
          </fieldset>
          <div className="field">
            <label htmlFor="quantity">How many (each delivery)</label>
            <input id="quantity" name="quantity" type="number" min={1} max={50} defaultValue={1} required />
          </div>
          <div className="field">
            <label htmlFor="weekday">Delivery day</label>
            <select id="weekday" name="weekday" defaultValue="wednesday" required>
              {DELIVERY_WEEKDAYS.map((day) => (
                <option key={day} value={day}>
                  {capitalized(day)}
                </option>
              ))}
            </select>
            <span className="hint">Each delivery arrives on the first such day after a period starts.</span>
          </div>
          <div className="field">
            <label htmlFor="window">Delivery time</label>
            <select id="window" name="window" defaultValue="12:00-14:00" required>
              {DELIVERY_WINDOWS.map((window) => (
                <option key={window} value={window}>
                  {format.deliveryWindow(window)}
                </option>
              ))}
            </select>
          </div>
          <fieldset className="field">
            <legend>Delivery address</legend>
            <label htmlFor="recipient">Recipient</label>
            <input id="recipient" name="recipient" autoComplete="name" required maxLength={100} />
            <label htmlFor="line1">Street address</label>
            <input id="line1" name="line1" autoComplete="address-line1" required maxLength={200} />
            <label htmlFor="line2">Suite, floor (optional)</label>
            <input id="line2" name="line2" autoComplete="address-line2" maxLength={200} />
            <label htmlFor="city">City</label>
            <input id="city" name="city" autoComplete="address-level2" required maxLength={100} />
            <label htmlFor="state">State</label>
            <input id="state" name="state" autoComplete="address-level1" required pattern="[A-Za-z]{2}" maxLength={2} />
            <label htmlFor="postalCode">ZIP code</label>
            <input id="postalCode" name="postalCode" autoComplete="postal-code" required pattern="\d{5}(-\d{4})?" />
          </fieldset>
        </StripeRedirectForm>
      )}
    </>
  );
}
