import type Stripe from 'stripe';

/** Escapes text for HTML element content and quoted attribute values. */
export function esc(value: string | number | null | undefined): string {
  return String(value ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

export function formatMoney(amount: number, currency: string): string {
  const upper = currency.toUpperCase();
  // Minor-unit digits per currency (USD 2, JPY 0, …).
  const digits = new Intl.NumberFormat('en-US', { style: 'currency', currency: upper }).resolvedOptions().maximumFractionDigits ?? 2;
  return new Intl.NumberFormat('en-US', { style: 'currency', currency: upper }).format(amount / 10 ** digits);
}

/** Payment methods the hosted page can take, in display order. */
export const PAGE_METHODS = ['card', 'us_bank_account', 'sepa_debit'] as const;
export type PageMethod = (typeof PAGE_METHODS)[number];

const METHOD_LABELS: Record<PageMethod, string> = {
  card: 'Card',
  us_bank_account: 'US bank account (ACH, settles later)',
  sepa_debit: 'Bank debit (SEPA, settles later)',
};

/** The page's methods this session accepts (card first, the default). */
export function pageMethods(session: Stripe.Checkout.Session): PageMethod[] {
  const methods = PAGE_METHODS.filter((m) => session.payment_method_types.includes(m));
  // A session with only other types still gets the card form (paying is then refused with a message).
  return methods.length > 0 ? methods : ['card'];
}

export interface FormValues {
  paymentMethod: PageMethod;
  email: string;
  cardholderName: string;
  accountHolderName: string;
  achHolderName: string;
  routingNumber: string;
  expiry: string;
  shippingName: string;
  line1: string;
  line2: string;
  city: string;
  state: string;
  postalCode: string;
  country: string;
}

export const EMPTY_VALUES: FormValues = {
  paymentMethod: 'card', email: '', cardholderName: '', accountHolderName: '', achHolderName: '', routingNumber: '', expiry: '', shippingName: '', line1: '', line2: '', city: '', state: '', postalCode: '', country: '',
};

/** Fields that are never echoed back (card number, CVC, IBAN) plus the echoed ones. */
export type FieldName = Exclude<keyof FormValues, 'paymentMethod'> | 'cardNumber' | 'cvc' | 'iban' | 'routingNumber' | 'accountNumber';
/** Errors by input name (the fixed fields above, plus the session's own: custom fields, phone, billing). */
export type FieldErrors = Partial<Record<string, string>>;

export interface CheckoutPageModel {
  session: Stripe.Checkout.Session;
  lineItems: Stripe.LineItem[];
  values: FormValues;
  errors: FieldErrors;
  /** Payment-level error (decline) shown in an alert. */
  alert: string | null;
  /** What the session adds to the form (custom fields, phone, billing address, custom text), already rendered. */
  extras: PageExtras;
}

export interface PageExtras {
  contact: string;
  beforePayment: string;
  shippingNote: string;
  nearSubmit: string;
}

const STYLE = `
*{box-sizing:border-box}body{margin:0;font-family:-apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;color:#1a1f36;background:#f6f8fa;line-height:1.45}
.wrap{max-width:960px;margin:0 auto;padding:24px 16px;display:grid;gap:32px;grid-template-columns:1fr}
@media(min-width:800px){.wrap{grid-template-columns:1fr 1fr;padding:48px 24px}}
.badge{display:inline-block;background:#fff4e5;color:#8a4b00;border:1px solid #f5c37a;border-radius:999px;padding:2px 10px;font-size:12px;font-weight:600;letter-spacing:.02em}
a.back{color:#425466;text-decoration:none;font-size:14px}a.back:hover{text-decoration:underline}
h1{font-size:15px;color:#697386;font-weight:500;margin:16px 0 4px}.total{font-size:34px;font-weight:700;margin:0 0 24px}
ul.items{list-style:none;margin:0;padding:0}ul.items li{display:flex;justify-content:space-between;gap:12px;padding:12px 0;border-bottom:1px solid #e3e8ee}
.item-name{font-weight:600}.item-meta{color:#697386;font-size:13px}.sum{display:flex;justify-content:space-between;padding-top:12px;font-weight:700}
form{background:#fff;border-radius:12px;box-shadow:0 1px 3px rgba(50,50,93,.15),0 1px 0 rgba(0,0,0,.02);padding:24px}
fieldset{border:0;margin:0 0 20px;padding:0}legend{font-weight:600;margin-bottom:8px;font-size:15px}
label{display:block;font-size:13px;color:#3c4257;margin:10px 0 4px;font-weight:500}
input,select{width:100%;font:inherit;font-size:16px;padding:10px 12px;border:1px solid #d5dbe1;border-radius:6px;background:#fff;color:inherit}
input:focus,select:focus{outline:2px solid #635bff;outline-offset:1px;border-color:#635bff}
input[aria-invalid=true],select[aria-invalid=true]{border-color:#df1b41}
.row{display:grid;grid-template-columns:1fr 1fr;gap:12px}.field-error{color:#df1b41;font-size:13px;margin:4px 0 0}
.alert{background:#fde8ec;color:#a41c3a;border:1px solid #f5b4c1;border-radius:6px;padding:10px 12px;margin-bottom:16px}
button{width:100%;margin-top:8px;background:#635bff;color:#fff;border:0;border-radius:6px;padding:12px;font-size:16px;font-weight:600;cursor:pointer}
button:hover{background:#5851e0}.hint{color:#697386;font-size:12px;margin-top:16px;text-align:center}
.methods{display:flex;flex-wrap:wrap;gap:8px}.method{flex:1 1 200px;display:flex;align-items:center;gap:8px;border:1px solid #d5dbe1;border-radius:6px;padding:10px 12px}
.method input{width:auto;margin:0}.method label{margin:0;font-size:14px}.mandate{color:#697386;font-size:12px;margin:8px 0 0}
/* No scripts: CSS hides the other method's fields where :has() is supported; elsewhere both groups show. */
${PAGE_METHODS.map((m) => PAGE_METHODS.filter((o) => o !== m).map((o) => `form:has(#pm-${m}:checked) .pm-${o}`).join(',')).join(',')}{display:none}
.custom-text{color:#3c4257;font-size:13px;margin:8px 0 0;white-space:pre-line}
.notice{max-width:520px;margin:80px auto;background:#fff;border-radius:12px;padding:32px;text-align:center;box-shadow:0 1px 3px rgba(50,50,93,.15)}
`;

export function layout(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${esc(title)}</title><style>${STYLE}</style></head><body>${body}</body></html>`;
}

export function field(
  name: string,
  label: string,
  model: CheckoutPageModel,
  attrs: string,
  value: string,
): string {
  const error = model.errors[name];
  const describedBy = error ? ` aria-invalid="true" aria-describedby="${name}-error"` : '';
  return `<div><label for="${name}">${esc(label)}</label><input id="${name}" name="${name}" value="${esc(value)}" ${attrs}${describedBy}>${
    error ? `<p class="field-error" id="${name}-error">${esc(error)}</p>` : ''
  }</div>`;
}

function countryName(code: string): string {
  try {
    return new Intl.DisplayNames(['en'], { type: 'region' }).of(code) ?? code;
  } catch {
    return code;
  }
}

function hint(methods: PageMethod[]): string {
  const card = 'use 4242 4242 4242 4242, any future date and any CVC';
  const sepa = 'for SEPA debit, IBAN DE89 3704 0044 0532 0130 00 settles as paid and AT86 1904 3002 3547 3202 fails';
  const ach = 'for a US bank account, routing 110000000 with account 000123456789 settles as paid and 000111111113 fails';
  const parts = [card, ...(methods.includes('us_bank_account') ? [ach] : []), ...(methods.includes('sepa_debit') ? [sepa] : [])];
  return `Test mode: ${parts.join('; ')}. No real payment is made.`;
}

/**
 * The method choice plus one field group per method. Only the chosen group is marked `required`
 * (the form is `novalidate`; the server validates just that group), so without JS both groups can show.
 */
function paymentFields(model: CheckoutPageModel): string {
  const { values } = model;
  const methods = pageMethods(model.session);
  const chosen = methods.includes(values.paymentMethod) ? values.paymentMethod : (methods[0] ?? 'card');
  const req = (m: PageMethod): string => (m === chosen ? ' required' : '');
  const groups: Record<PageMethod, string> = {
    card: `<fieldset class="pm-card"><legend>${methods.length > 1 ? 'Card details' : 'Payment details'}</legend>
${field('cardNumber', 'Card number', model, `inputmode="numeric" autocomplete="cc-number" placeholder="1234 1234 1234 1234"${req('card')}`, '')}
<div class="row">${field('expiry', 'Expiration', model, `inputmode="numeric" autocomplete="cc-exp" placeholder="MM / YY"${req('card')}`, values.expiry)}
${field('cvc', 'CVC', model, `inputmode="numeric" autocomplete="cc-csc" placeholder="CVC"${req('card')}`, '')}</div>
${field('cardholderName', 'Cardholder name', model, `autocomplete="cc-name"${req('card')}`, values.cardholderName)}
</fieldset>`,
    sepa_debit: `<fieldset class="pm-sepa_debit"><legend>Bank account details</legend>
${field('iban', 'IBAN', model, `autocomplete="off" autocapitalize="characters" spellcheck="false" placeholder="DE00 0000 0000 0000 0000 00"${req('sepa_debit')}`, '')}
${field('accountHolderName', 'Account holder name', model, `autocomplete="name"${req('sepa_debit')}`, values.accountHolderName)}
<p class="mandate">By paying with bank debit you authorise this test merchant to debit your account via SEPA Direct Debit. The payment settles later; you are notified when it does.</p>
</fieldset>`,
    us_bank_account: `<fieldset class="pm-us_bank_account"><legend>US bank account</legend>
${field('routingNumber', 'Routing number', model, `inputmode="numeric" autocomplete="off" placeholder="110000000"${req('us_bank_account')}`, values.routingNumber)}
${field('accountNumber', 'Account number', model, `inputmode="numeric" autocomplete="off" placeholder="000123456789"${req('us_bank_account')}`, '')}
${field('achHolderName', 'Name on the account', model, `autocomplete="name"${req('us_bank_account')}`, values.achHolderName)}
<p class="mandate">By paying with your bank account you authorise this test merchant to debit it via ACH. The payment settles later; you are notified when it does.</p>
</fieldset>`,
  };
  const choice =
    methods.length > 1
      ? `<fieldset><legend>Payment method</legend><div class="methods">${methods
          .map(
            (m) =>
              `<div class="method"><input type="radio" id="pm-${m}" name="paymentMethod" value="${m}"${m === chosen ? ' checked' : ''}><label for="pm-${m}">${esc(METHOD_LABELS[m])}</label></div>`,
          )
          .join('')}</div></fieldset>`
      : `<input type="hidden" name="paymentMethod" value="${esc(chosen)}">`;
  return `${choice}\n${methods.map((m) => groups[m]).join('\n')}`;
}

export function renderCheckoutPage(model: CheckoutPageModel): string {
  const { session, lineItems, values } = model;
  const currency = session.currency ?? 'usd';
  const total = formatMoney(session.amount_total ?? 0, currency);
  const items = lineItems
    .map((li) => {
      const qty = li.quantity ?? 1;
      const unit = li.price?.unit_amount ?? 0;
      return `<li><div><div class="item-name">${esc(li.description)}</div><div class="item-meta">Qty ${esc(qty)} × ${esc(formatMoney(unit, currency))}${li.price?.recurring ? ` every ${esc(li.price.recurring.interval)}` : ''}</div></div><div>${esc(formatMoney(li.amount_total, currency))}</div></li>`;
    })
    .join('');
  const shipping = session.shipping_address_collection;
  const countries = shipping?.allowed_countries ?? [];
  const countryError = model.errors.country;
  const shippingFields = shipping
    ? `<fieldset><legend>Shipping address</legend>${model.extras.shippingNote}
${field('shippingName', 'Full name', model, 'autocomplete="shipping name" required', values.shippingName)}
${field('line1', 'Address line 1', model, 'autocomplete="shipping address-line1" required', values.line1)}
${field('line2', 'Address line 2 (optional)', model, 'autocomplete="shipping address-line2"', values.line2)}
${field('city', 'City', model, 'autocomplete="shipping address-level2" required', values.city)}
<div class="row">${field('state', 'State', model, 'autocomplete="shipping address-level1"', values.state)}
${field('postalCode', 'ZIP', model, 'autocomplete="shipping postal-code" required', values.postalCode)}</div>
<div><label for="country">Country</label><select id="country" name="country" autocomplete="shipping country"${countryError ? ' aria-invalid="true" aria-describedby="country-error"' : ''}>${countries
        .map((c) => `<option value="${esc(c)}"${c === (values.country || countries[0]) ? ' selected' : ''}>${esc(countryName(c))}</option>`)
        .join('')}</select>${countryError ? `<p class="field-error" id="country-error">${esc(countryError)}</p>` : ''}</div>
</fieldset>`
    : '';
  const back = session.cancel_url ? `<a class="back" href="${esc(session.cancel_url)}">← Back</a> ` : '';
  const body = `<main class="wrap">
<section aria-label="Order summary">
<div>${back}<span class="badge">Local Stripe — test mode</span></div>
<h1>Amount due</h1><p class="total">${esc(total)}</p>
<ul class="items">${items}</ul>
<div class="sum"><span>Total due</span><span>${esc(total)}</span></div>
</section>
<form method="post" action="/c/pay/${esc(session.id)}" novalidate>
${model.alert ? `<div class="alert" role="alert">${esc(model.alert)}</div>` : ''}
<fieldset><legend>Contact information</legend>
${field('email', 'Email', model, 'type="email" autocomplete="email" required', values.email)}
${model.extras.contact}</fieldset>
${shippingFields}
${model.extras.beforePayment}
${paymentFields(model)}
<button type="submit">${session.mode === 'subscription' ? 'Subscribe' : 'Pay'}</button>
${model.extras.nearSubmit}
<p class="hint">${esc(hint(pageMethods(session)))}</p>
</form>
</main>`;
  return layout('Checkout — Local Stripe', body);
}

export function renderNotice(title: string, message: string, link?: { href: string; text: string }): string {
  return layout(
    title,
    `<main class="notice"><span class="badge">Local Stripe — test mode</span><h2>${esc(message)}</h2>${
      link ? `<p><a href="${esc(link.href)}">${esc(link.text)}</a></p>` : ''
    }</main>`,
  );
}
