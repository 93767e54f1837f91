'use client';

import { useState } from 'react';
import { SignOutRunner } from '@/components/auth/SignOutRunner';
import type { PublicAuthConfig } from '@/lib/services/auth/public-auth-config';

/** A link from elsewhere does not sign anyone out by itself: the customer confirms with a click. */
export function ConfirmSignOut({ auth }: { auth: PublicAuthConfig }) {
  const [confirmed, setConfirmed] = useState(false);
  if (confirmed) return <SignOutRunner auth={auth} />;
  return (
    <>
      <h1>Sign out?</h1>
      <button type="button" className="button" onClick={() => setConfirmed(true)}>
        Sign out
      </button>
    </>
  );
}
