'use server';

import { revalidatePath } from 'next/cache';
import { requireStaff } from '@/app/_server/require-staff';
import { getServices } from '@/lib/composition';
import { createQuote } from '@/lib/services/quotes/create-quote';
import { quoteInputFromForm } from '@/lib/domain/quotes/quote-form';
import type { QuoteFormState } from './state';

function typedValues(form: FormData): Record<string, string> {
  return Object.fromEntries([...form.entries()].flatMap(([name, value]) => (typeof value === 'string' && !name.startsWith('$') ? [[name, value]] : [])));
}

/** Staff only (404 for anyone else, like every /admin page): validates, creates the link, emails it. */
export async function createQuoteAction(previous: QuoteFormState, form: FormData): Promise<QuoteFormState> {
  const staff = await requireStaff();
  const services = getServices();
  const attempt = previous.status === 'idle' ? 1 : previous.attempt + 1;
  const input = quoteInputFromForm(form);
  try {
    const result = await createQuote({ ...services, shopTimeZone: services.config.shopTimeZone, rules: services.config.catering }, staff.email, input);
    if (!result.ok) return { status: 'error', message: result.error.message, field: result.error.field, values: typedValues(form), attempt };
    revalidatePath('/admin/quotes');
    return { status: 'sent', quoteId: result.quote.quoteId, url: result.quote.url, to: String(input.customerEmail), emailed: result.quote.emailed, attempt };
  } catch (error) {
    services.logger.error({ err: error }, 'quote could not be created');
    return { status: 'error', message: 'Stripe did not create the payment link. Nothing was sent; try again.', values: typedValues(form), attempt };
  }
}
