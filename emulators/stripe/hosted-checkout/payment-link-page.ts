import { NO_REQUEST, type Core } from '../core';
import { StripeApiError } from '../errors';
import { findPaymentLinkByToken, openPaymentLink } from '../resources/payment-links';
import type { HtmlResponse } from './handler';
import { renderNotice } from './page';

const NOT_FOUND: HtmlResponse = { status: 404, html: renderNotice('Not found', 'This payment link does not exist') };

/**
 * A Payment Link's page (`/b/<token>`): like buy.stripe.com, each visit starts a new Checkout Session and
 * continues on the hosted checkout page. `?prefilled_email=` fills in the customer's email.
 */
export function showPaymentLink(core: Core, token: string, query: URLSearchParams): HtmlResponse {
  const link = findPaymentLinkByToken(core, token);
  if (!link) return NOT_FOUND;
  if (!link.active) {
    return { status: 410, html: renderNotice('Link inactive', link.inactive_message ?? 'This link is no longer accepting payments') };
  }
  try {
    const session = openPaymentLink(core, link, query.get('prefilled_email'), NO_REQUEST);
    return { status: 303, location: session.url ?? '/' };
  } catch (error) {
    if (error instanceof StripeApiError) return { status: 409, html: renderNotice('Unavailable', error.message) };
    throw error;
  }
}

/** Where a link with `after_completion[type]=hosted_confirmation` lands after payment. */
export function showPaymentLinkConfirmation(core: Core, token: string): HtmlResponse {
  const link = findPaymentLinkByToken(core, token);
  if (!link) return NOT_FOUND;
  return { status: 200, html: renderNotice('Thanks for your payment', link.after_completion.hosted_confirmation?.custom_message ?? 'Thanks for your payment') };
}
