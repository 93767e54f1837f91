/** Pays a Local Stripe Checkout Session through its hosted page, as a browser's form post would. */
export interface HostedPaymentResult {
  status: number;
  location: string | null;
  html: string;
}

export const validCustomer = {
  email: 'ada@example.com',
  expiry: '12 / 34',
  cvc: '123',
  cardholderName: 'Ada Lovelace',
  // Read only when the session collects a phone number (the shop's checkout does).
  phone: '+1 555 010 0100',
  shippingName: 'Ada Lovelace',
  line1: '1 Main Street',
  line2: '',
  city: 'Springfield',
  state: 'IL',
  postalCode: '62701',
  country: 'US',
};

export async function payOnHostedPage(
  sessionUrl: string,
  cardNumber: string,
  overrides: Partial<typeof validCustomer> = {},
): Promise<HostedPaymentResult> {
  return postHostedForm(sessionUrl, new URLSearchParams({ ...validCustomer, ...overrides, cardNumber }));
}

/** A browser's same-origin form post to the hosted page (no redirects followed). */
async function postHostedForm(sessionUrl: string, form: URLSearchParams): Promise<HostedPaymentResult> {
  const response = await fetch(sessionUrl, {
    method: 'POST',
    body: form,
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    redirect: 'manual',
  });
  return { status: response.status, location: response.headers.get('location'), html: await response.text() };
}

/** Stripe's test US bank account: routing 110000000; 000123456789 settles as paid, 000111111113 fails. */
export const TEST_BANK_ACCOUNT = { routingNumber: '110000000', succeeds: '000123456789', fails: '000111111113' };

/** Pays with a US bank account (ACH debit), which completes the session unpaid and settles later. */
export async function payByBankOnHostedPage(
  sessionUrl: string,
  accountNumber: string,
  overrides: Partial<typeof validCustomer> = {},
): Promise<HostedPaymentResult> {
  // The card fields ride along unread: only the chosen method's fields are validated.
  const fields = { ...validCustomer, ...overrides, paymentMethod: 'us_bank_account', routingNumber: TEST_BANK_ACCOUNT.routingNumber, accountNumber, achHolderName: 'Ada Lovelace' };
  return postHostedForm(sessionUrl, new URLSearchParams(fields));
}
