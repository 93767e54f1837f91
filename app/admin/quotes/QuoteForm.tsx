'use client';

import { useActionState } from 'react';
import { createQuoteAction } from './actions';
import { IDLE } from './state';

export interface QuoteCatalogOption {
  priceId: string;
  label: string;
}

interface Props {
  catalog: QuoteCatalogOption[];
  windows: { value: string; label: string }[];
  minDate: string;
  maxDate: string;
  catalogRows: number;
  customRows: number;
}

/** The quote composer: catalog rows, custom rows, delivery and the customer's email. Works without JavaScript too. */
export function QuoteForm({ catalog, windows, minDate, maxDate, catalogRows, customRows }: Props) {
  const [state, action, pending] = useActionState(createQuoteAction, IDLE);
  const values = state.status === 'error' ? state.values : {};
  const value = (name: string): string => values[name] ?? '';
  return (
    <>
      {state.status === 'error' ? (
        <p className="alert error" role="alert">
          {state.message}
        </p>
      ) : null}
      {state.status === 'sent' ? (
        <div className="alert info" role="status">
          <p>
            Quote <strong>{state.quoteId}</strong> {state.emailed ? `was emailed to ${state.to}.` : `was created, but the email to ${state.to} could not be sent: pass the link on yourself.`}
          </p>
          <p>
            Payment link: <a href={state.url}>{state.url}</a>
          </p>
        </div>
      ) : null}
      {/* A fresh form per attempt, so the values typed before an error come back as its defaults. */}
      <form key={state.status === 'idle' ? 0 : state.attempt} action={action} className="panel quote-form">
        <fieldset>
          <legend>Customer and delivery</legend>
          <div className="field">
            <label htmlFor="customerEmail">Customer email</label>
            <input id="customerEmail" name="customerEmail" type="email" required autoComplete="off" defaultValue={value('customerEmail')} />
          </div>
          <div className="field">
            <label htmlFor="deliveryDate">Delivery date</label>
            <input id="deliveryDate" name="deliveryDate" type="date" required min={minDate} max={maxDate} defaultValue={value('deliveryDate')} />
          </div>
          <div className="field">
            <label htmlFor="deliveryWindow">Delivery time</label>
            <select id="deliveryWindow" name="deliveryWindow" required defaultValue={value('deliveryWindow')}>
              <option value="">Choose a time</option>
              {windows.map((window) => (
                <option key={window.value} value={window.value}>
                  {window.label}
                </option>
              ))}
            </select>
          </div>
        </fieldset>
        <fieldset>
          <legend>From the menu</legend>
          {Array.from({ length: catalogRows }, (_, row) => (
            <div className="quote-row" key={row}>
              <label>
                <span className="visually-hidden">Menu item {row + 1}</span>
                <select name={`catalog.${row}.priceId`} aria-label={`Menu item ${row + 1}`} defaultValue={value(`catalog.${row}.priceId`)}>
                  <option value="">—</option>
                  {catalog.map((item) => (
                    <option key={item.priceId} value={item.priceId}>
                      {item.label}
                    </option>
                  ))}
                </select>
              </label>
              <label>
                Quantity <input name={`catalog.${row}.quantity`} type="number" min={1} max={999} inputMode="numeric" defaultValue={value(`catalog.${row}.quantity`) || '1'} />
              </label>
            </div>
          ))}
        </fieldset>
        <fieldset>
          <legend>Custom lines</legend>
          {Array.from({ length: customRows }, (_, row) => (
            <div className="quote-row" key={row}>
              <label>
                Description <input name={`custom.${row}.name`} maxLength={120} defaultValue={value(`custom.${row}.name`)} />
              </label>
              <label>
                Price each ($) <input name={`custom.${row}.price`} inputMode="decimal" defaultValue={value(`custom.${row}.price`)} />
              </label>
              <label>
                Quantity <input name={`custom.${row}.quantity`} type="number" min={1} max={999} inputMode="numeric" defaultValue={value(`custom.${row}.quantity`) || '1'} />
              </label>
            </div>
          ))}
        </fieldset>
        <button type="submit" className="button" disabled={pending}>
          {pending ? 'Sending…' : 'Create and email the payment link'}
        </button>
      </form>
    </>
  );
}
