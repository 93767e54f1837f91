/**
 * Recognises Stripe's invalid-request errors by their fields, not `instanceof`: a server bundle may hold more
 * than one copy of the SDK's error classes (the production build did, and the success page misread a 404).
 */
export interface StripeRequestError {
  type: 'StripeInvalidRequestError';
  statusCode?: number;
  code?: string;
  param?: string;
}

export function isStripeInvalidRequest(error: unknown, expected: { status?: number; code?: string } = {}): error is StripeRequestError {
  if (typeof error !== 'object' || error === null) return false;
  const { type, statusCode, code } = error as { type?: unknown; statusCode?: unknown; code?: unknown };
  if (type !== 'StripeInvalidRequestError') return false;
  if (expected.status !== undefined && statusCode !== expected.status) return false;
  return expected.code === undefined || code === expected.code;
}
