'use client';

import Link from 'next/link';
import { usePathname, useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';

type Session = { signedIn: false } | { signedIn: true; email: string };

/**
 * The header's account area. Asks the server who is signed in (it verifies the token), so the
 * catalog pages stay cacheable and Amplify's bundle loads only on the sign-in and sign-out pages.
 */
export function AccountMenu() {
  const pathname = usePathname();
  const router = useRouter();
  const [session, setSession] = useState<Session | null>(null);
  useEffect(() => {
    let active = true;
    fetch('/api/session', { cache: 'no-store' })
      .then((response) => response.json() as Promise<Session>)
      .then((value) => active && setSession(value))
      .catch(() => active && setSession({ signedIn: false }));
    return () => {
      active = false;
    };
  }, [pathname]);

  if (!session) return <span className="account-menu" aria-hidden="true" />;
  if (!session.signedIn) {
    return (
      <Link href={`/sign-in?returnTo=${encodeURIComponent('/orders')}`} className="account-menu">
        Sign in
      </Link>
    );
  }
  return (
    <span className="account-menu">
      <Link href="/orders">My orders</Link>
      <Link href="/account">My plans</Link>
      <span className="account-email" data-testid="signed-in-email">
        {session.email}
      </span>
      <button type="button" className="button secondary small" onClick={() => router.push('/sign-out')}>
        Sign out
      </button>
    </span>
  );
}
