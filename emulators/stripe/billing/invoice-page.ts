import { NO_REQUEST, type Core } from '../core';
import type { HtmlResponse } from '../hosted-checkout/handler';
import { EMPTY_VALUES, esc, formatMoney, layout, renderNotice, type FieldErrors } from '../hosted-checkout/page';
import { validateCard } from '../hosted-checkout/validation';
import { attachPaymentMethod } from '../resources/customers';
import { NO_BILLING, createCardPaymentMethod } from '../resources/payment-methods';
import type { ParamMap } from '../server/form';
import { StripeApiError } from '../errors';
import { idOf } from './clock';
import { payInvoice } from './invoices';
import { PAGE_STYLE, date } from './page-parts';
import { afterInvoicePayment } from './subscriptions';

function input(name: string, label: string, attrs: string, value: string, errors: FieldErrors): string {
  const error = errors[name];
  return `<div><label for="${name}">${esc(label)}</label><input id="${name}" name="${name}" value="${esc(value)}" ${attrs}${error ? ` aria-invalid="true" aria-describedby="${name}-error"` : ''}>${
    error ? `<p class="field-error" id="${name}-error">${esc(error)}</p>` : ''
  }</div>`;
}

/** The card form an open invoice offers (a customer fixing a failed renewal pays here). */
function payForm(id: string, form: ParamMap, errors: FieldErrors): string {
  const v = (k: string): string => (typeof form[k] === 'string' ? form[k] : '');
  return `<form method="post" action="/i/${esc(id)}" novalidate style="box-shadow:none;padding:16px 0 0"><fieldset><legend>Pay with a card</legend>
${input('cardNumber', 'Card number', 'inputmode="numeric" autocomplete="cc-number" required', '', errors)}
<div class="row">${input('expiry', 'Expiration', 'inputmode="numeric" autocomplete="cc-exp" placeholder="MM / YY" required', v('expiry'), errors)}
${input('cvc', 'CVC', 'inputmode="numeric" autocomplete="cc-csc" required', '', errors)}</div>
${input('cardholderName', 'Cardholder name', 'autocomplete="cc-name" required', v('cardholderName'), errors)}</fieldset>
<button type="submit">Pay invoice</button></form>`;
}

export function showInvoice(core: Core, id: string, alert: string | null, form: ParamMap, errors: FieldErrors = {}, status = 200): HtmlResponse {
  const invoice = core.state.invoices[id];
  if (!invoice || invoice.status === 'draft') return { status: 404, html: renderNotice('Not found', 'This invoice does not exist') };
  const lines = invoice.lines.data
    .map((l) => `<li><span>${esc(l.description)}<br><small>${esc(date(l.period.start))} – ${esc(date(l.period.end))}</small></span><span>${esc(formatMoney(l.amount, l.currency))}</span></li>`)
    .join('');
  const paid = invoice.status === 'paid';
  const state = paid ? `Paid on ${date(invoice.status_transitions.paid_at ?? invoice.created)}` : invoice.status === 'open' ? 'Payment due' : `Status: ${invoice.status ?? ''}`;
  const body = `<main class="notice" style="${PAGE_STYLE}"><span class="badge">Local Stripe — test mode</span>
<h1>Invoice ${esc(invoice.number)}</h1><p class="status">${esc(state)}</p>
${alert ? `<div class="alert" role="alert">${esc(alert)}</div>` : ''}
<p class="total">${esc(formatMoney(invoice.amount_due, invoice.currency))}</p>
<ul class="items">${lines}</ul><div class="sum"><span>Amount ${paid ? 'paid' : 'due'}</span><span>${esc(formatMoney(paid ? invoice.amount_paid : invoice.amount_remaining, invoice.currency))}</span></div>
${invoice.status === 'open' ? payForm(id, form, errors) : ''}</main>`;
  return { status, html: layout(`Invoice ${invoice.number ?? ''} — Local Stripe`, body) };
}

/**
 * Pays an open invoice with a card entered on its hosted page: the card is attached to the customer
 * (not made the default) and charged; a paid subscription invoice makes a past-due subscription active.
 */
export function payInvoiceOnPage(core: Core, id: string, form: ParamMap): HtmlResponse {
  const invoice = core.state.invoices[id];
  if (!invoice || invoice.status !== 'open') return showInvoice(core, id, invoice ? 'This invoice is not open for payment.' : null, {}, {}, invoice ? 400 : 404);
  const str = (k: string): string => (typeof form[k] === 'string' ? form[k].trim() : '');
  const errors: FieldErrors = {};
  const card = validateCard({ ...EMPTY_VALUES, expiry: str('expiry'), cardholderName: str('cardholderName') }, str('cardNumber'), str('cvc'), errors);
  if (!card) return showInvoice(core, id, null, form, errors, 400);
  try {
    const pm = createCardPaymentMethod(core, card, { ...NO_BILLING, name: str('cardholderName') });
    const attached = attachPaymentMethod(core, pm, idOf(invoice.customer) ?? '', NO_REQUEST);
    const outcome = payInvoice(core, id, attached, NO_REQUEST);
    afterInvoicePayment(core, outcome.invoice, outcome.paid, NO_REQUEST);
    if (!outcome.paid) return showInvoice(core, id, outcome.error.body.message, form, {}, 402);
  } catch (err) {
    if (err instanceof StripeApiError) return showInvoice(core, id, err.body.message, form, {}, err.status === 402 ? 402 : 400);
    throw err;
  }
  return { status: 303, location: `/i/${encodeURIComponent(id)}` };
}
