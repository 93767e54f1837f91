import type Stripe from 'stripe';
import { NO_REQUEST, type Core } from '../core';
import { StripeApiError } from '../errors';
import type { HtmlResponse } from '../hosted-checkout/handler';
import { esc, formatMoney, layout, renderNotice } from '../hosted-checkout/page';
import { updateSubscription } from '../resources/subscriptions';
import type { ParamMap } from '../server/form';
import { idOf } from './clock';
import { payInvoiceOnPage, showInvoice } from './invoice-page';
import { PAGE_STYLE, date } from './page-parts';
import { currentPeriod } from './subscriptions';

/** A page Local Stripe hosts outside the API: what GET shows and what a same-site form POST does. */
export interface HostedPage {
  show(core: Core): HtmlResponse;
  /** Null: the page takes no posts (405). */
  submit: ((core: Core, form: ParamMap) => HtmlResponse) | null;
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** The Customer Portal (`/p/session/:id`) and hosted invoice (`/i/:id`) pages, or null for other paths. */
export function billingPage(path: string): HostedPage | null {
  const portal = /^\/p\/session\/([^/]+)\/?$/.exec(path);
  if (portal) {
    const id = decode(portal[1] ?? '');
    return { show: (core) => showPortal(core, id, null, 200), submit: (core, form) => submitPortal(core, id, form) };
  }
  const invoice = /^\/i\/([^/]+)\/?$/.exec(path);
  if (invoice) {
    const id = decode(invoice[1] ?? '');
    return { show: (core) => showInvoice(core, id, null, {}), submit: (core, form) => payInvoiceOnPage(core, id, form) };
  }
  return null;
}


function productName(core: Core, price: Stripe.Price): string {
  const id = idOf(price.product);
  return (id && core.state.products[id]?.name) || 'Plan';
}

function statusLine(sub: Stripe.Subscription): string {
  const end = currentPeriod(sub).end;
  if (sub.status === 'canceled') return `Ended on ${date(sub.ended_at ?? end)}`;
  if (sub.cancel_at_period_end) return `Cancels on ${date(sub.cancel_at ?? end)}`;
  if (sub.status === 'past_due') return `Payment failed — renews on ${date(end)} once paid`;
  return `Renews on ${date(end)}`;
}

function subscriptionSection(core: Core, sessionId: string, sub: Stripe.Subscription): string {
  const item = sub.items.data[0];
  if (!item) return '';
  const name = productName(core, item.price);
  const quantity = item.quantity ?? 1;
  const per = `${formatMoney(item.price.unit_amount ?? 0, item.price.currency)} per ${item.price.recurring?.interval ?? 'period'}`;
  const open = sub.status !== 'canceled' && sub.status !== 'incomplete_expired';
  const action = `/p/session/${esc(sessionId)}`;
  const hidden = `<input type="hidden" name="subscription" value="${esc(sub.id)}">`;
  const forms = open
    ? `<form method="post" action="${action}">${hidden}<label for="quantity-${esc(sub.id)}">Quantity</label><input id="quantity-${esc(sub.id)}" name="quantity" type="number" inputmode="numeric" min="1" max="999" value="${esc(quantity)}" required><button type="submit" name="action" value="quantity">Update quantity</button></form>
<form method="post" action="${action}">${hidden}${
        sub.cancel_at_period_end
          ? '<button type="submit" name="action" value="renew">Don\'t cancel plan</button>'
          : '<button type="submit" name="action" value="cancel">Cancel plan</button>'
      }</form>`
    : '';
  return `<section aria-label="${esc(name)}" style="border-top:1px solid #e3e8ee;padding:16px 0"><h2 style="margin:0 0 4px">${esc(name)}</h2>
<p style="margin:0">${esc(per)} · quantity ${esc(quantity)}</p><p class="status" style="margin:4px 0 8px;color:#697386">${esc(statusLine(sub))}</p>${forms}</section>`;
}

function invoiceRows(core: Core, customerId: string): string {
  const invoices = Object.values(core.state.invoices)
    .filter((i) => i.customer === customerId && i.status !== 'draft')
    .reverse()
    .slice(0, 10);
  if (invoices.length === 0) return '';
  const rows = invoices
    .map((i) => `<li><a href="${esc(i.hosted_invoice_url ?? '')}">${esc(date(i.created))}</a> — ${esc(formatMoney(i.amount_due, i.currency))} — ${esc(i.status ?? '')}</li>`)
    .join('');
  return `<h2>Invoice history</h2><ul>${rows}</ul>`;
}

function showPortal(core: Core, id: string, alert: string | null, status: number): HtmlResponse {
  const session = core.state.portalSessions[id];
  if (!session) return { status: 404, html: renderNotice('Not found', 'This portal session does not exist') };
  const customer = core.state.customers[session.customer];
  const subs = Object.values(core.state.subscriptions).filter((s) => s.customer === session.customer && s.status !== 'incomplete_expired');
  const back = session.return_url ? `<p><a class="back" href="${esc(session.return_url)}">← Return to the shop</a></p>` : '';
  const body = `<main class="notice" style="${PAGE_STYLE}">${back}<span class="badge">Local Stripe — test mode</span>
<h1>Manage your plan</h1><p>${esc(customer?.email ?? customer?.name ?? session.customer)}</p>
${alert ? `<div class="alert" role="alert">${esc(alert)}</div>` : ''}
${subs.length > 0 ? subs.map((s) => subscriptionSection(core, id, s)).join('\n') : '<p>No current plans.</p>'}
${invoiceRows(core, session.customer)}</main>`;
  return { status, html: layout('Customer portal — Local Stripe', body) };
}

/** A portal form: cancel at period end, undo that, or change the quantity (billed from the next period). */
function submitPortal(core: Core, id: string, form: ParamMap): HtmlResponse {
  const session = core.state.portalSessions[id];
  if (!session) return showPortal(core, id, null, 404);
  const subId = typeof form['subscription'] === 'string' ? form['subscription'] : '';
  const sub = core.state.subscriptions[subId];
  if (!sub || sub.customer !== session.customer) return showPortal(core, id, 'That plan is not one of yours.', 400);
  const action = form['action'];
  const item = sub.items.data[0];
  let params: ParamMap;
  if (action === 'cancel') params = { cancel_at_period_end: 'true' };
  else if (action === 'renew') params = { cancel_at_period_end: 'false' };
  else if (action === 'quantity' && item) {
    const quantity = typeof form['quantity'] === 'string' ? form['quantity'].trim() : '';
    if (!/^\d{1,3}$/.test(quantity) || Number(quantity) < 1) return showPortal(core, id, 'Enter a quantity from 1 to 999.', 400);
    params = { items: [{ id: item.id, quantity }] };
  } else return showPortal(core, id, 'Unknown action.', 400);
  try {
    updateSubscription(core, sub.id, params, NO_REQUEST);
  } catch (err) {
    if (err instanceof StripeApiError) return showPortal(core, id, err.body.message, 400);
    throw err;
  }
  return { status: 303, location: `/p/session/${encodeURIComponent(id)}` };
}
