/** What the quote form shows after a submit: nothing yet, what to fix (with the values typed), or the sent quote. */
export type QuoteFormState =
  | { status: 'idle' }
  | { status: 'error'; message: string; field?: string; values: Record<string, string>; attempt: number }
  | { status: 'sent'; quoteId: string; url: string; to: string; emailed: boolean; attempt: number };

export const IDLE: QuoteFormState = { status: 'idle' };
