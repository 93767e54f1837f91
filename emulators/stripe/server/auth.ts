import { StripeApiError } from '../errors';

/** Extracts and checks the secret key (Bearer, or Basic with the key as user, as the Stripe CLI may send). */
export function authenticate(header: string | undefined): string {
  let key: string | undefined;
  if (header?.startsWith('Bearer ')) key = header.slice(7).trim();
  else if (header?.startsWith('Basic ')) {
    const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
    key = decoded.split(':')[0];
  }
  if (!key) {
    throw new StripeApiError(401, {
      type: 'invalid_request_error',
      message:
        'You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. \'Authorization: Bearer YOUR_SECRET_KEY\'). See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/.',
    });
  }
  if (!/^(sk|rk)_test_[A-Za-z0-9_]+$/.test(key) || key.length < 12) {
    const masked = key.length > 8 ? `${key.slice(0, 8)}${'*'.repeat(Math.max(0, key.length - 12))}${key.slice(-4)}` : key;
    throw new StripeApiError(401, {
      type: 'invalid_request_error',
      code: 'api_key_invalid',
      message: `Invalid API Key provided: ${masked}`,
    });
  }
  return key;
}
