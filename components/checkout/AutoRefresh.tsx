'use client';

import { useRouter } from 'next/navigation';
import { useEffect } from 'react';
import { CONFIRMING_POLL, pollDelay } from '@/lib/security/poll-backoff';

/**
 * Re-renders the server page until it has something final to say, waiting longer after each try
 * (lib/security/poll-backoff.ts), so a tab left open does not poll the server every second forever.
 */
export function AutoRefresh({ everyMs = CONFIRMING_POLL.firstMs }: { everyMs?: number }) {
  const router = useRouter();
  useEffect(() => {
    let attempt = 0;
    let timer: number;
    const schedule = () => {
      timer = window.setTimeout(() => {
        router.refresh();
        attempt++;
        schedule();
      }, pollDelay(attempt, { ...CONFIRMING_POLL, firstMs: everyMs }));
    };
    schedule();
    return () => window.clearTimeout(timer);
  }, [router, everyMs]);
  return null;
}
