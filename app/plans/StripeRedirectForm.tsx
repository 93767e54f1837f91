'use client';

import { useState, type FormEvent, type ReactNode } from 'react';

interface Props {
  action: string;
  submitLabel: string;
  submitClassName?: string;
  ariaLabel?: string;
  className?: string;
  children?: ReactNode;
}

/**
 * A form whose answer is a Stripe page (Checkout, the Customer Portal). The shop's CSP (`form-action 'self'`)
 * also governs a form's redirect, so the form posts with fetch, gets `{ url }` and navigates there.
 * Without script it still posts normally.
 */
export function StripeRedirectForm({ action, submitLabel, submitClassName = 'button', ariaLabel, className, children }: Props) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const fields = new URLSearchParams(new FormData(event.currentTarget) as unknown as Record<string, string>);
      const response = await fetch(action, { method: 'POST', headers: { Accept: 'application/json', 'Content-Type': 'application/x-www-form-urlencoded' }, body: fields });
      const body = (await response.json()) as { url?: string; error?: { message?: string } };
      if (response.ok && body.url) {
        window.location.assign(body.url);
        return;
      }
      setError(body.error?.message ?? 'Something went wrong. Please try again.');
    } catch {
      setError('We could not reach the shop. Please check your connection and try again.');
    }
    setBusy(false);
  }

  return (
    <form method="post" action={action} onSubmit={onSubmit} aria-label={ariaLabel} className={className}>
      {children}
      {error ? (
        <p className="alert alert-error" role="alert" data-testid="plan-error">
          {error}
        </p>
      ) : null}
      <button type="submit" className={submitClassName} disabled={busy}>
        {submitLabel}
      </button>
    </form>
  );
}
