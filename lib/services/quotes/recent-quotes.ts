import type Stripe from 'stripe';

export interface QuoteSummary {
  quoteId: string;
  paymentLinkId: string;
  url: string;
  deliveryDate: string | null;
  deliveryWindow: string | null;
  quotedBy: string | null;
  /** Paid once (the link's one completed checkout), open (still payable) or closed (deactivated unpaid). */
  state: 'paid' | 'open' | 'closed';
}

function stateOf(link: Stripe.PaymentLink): QuoteSummary['state'] {
  if ((link.restrictions?.completed_sessions.count ?? 0) > 0) return 'paid';
  return link.active ? 'open' : 'closed';
}

/**
 * The latest quotes, read back from Stripe (the quote lives in its Payment Link's metadata, so the shop keeps
 * no second copy that could disagree): links the shop made as quotes, newest first.
 */
export async function recentQuotes(stripe: Stripe, limit = 20): Promise<QuoteSummary[]> {
  const page = await stripe.paymentLinks.list({ limit: 100 });
  return page.data
    .filter((link) => Boolean(link.metadata?.quote_id))
    .slice(0, limit)
    .map((link) => ({
      quoteId: link.metadata.quote_id!,
      paymentLinkId: link.id,
      url: link.url,
      deliveryDate: link.metadata.delivery_date ?? null,
      deliveryWindow: link.metadata.delivery_window ?? null,
      quotedBy: link.metadata.quoted_by ?? null,
      state: stateOf(link),
    }));
}
