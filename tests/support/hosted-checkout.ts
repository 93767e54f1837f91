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
  const form = new URLSearchParams({ ...validCustomer, ...overrides, cardNumber });
  const response = await fetch(sessionUrl, {
    method: 'POST',
    body: form,
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    redirect: 'manual',
  });
  return { status: response.status, location: response.headers.get('location'), html: await response.text() };
}
