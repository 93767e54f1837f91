'use client';

import { signOut } from 'aws-amplify/auth';
import { useEffect, useState } from 'react';
import type { PublicAuthConfig } from '@/lib/services/auth/public-auth-config';
import { configureAmplify } from './configure-amplify';

/** Signs out through Amplify (which clears its token cookies), then goes home with a fresh page. */
export function SignOutRunner({ auth }: { auth: PublicAuthConfig }) {
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    configureAmplify(auth);
    signOut().then(
      () => window.location.replace('/'),
      () => setFailed(true),
    );
  }, [auth]);
  return <p role="status">{failed ? 'Signing out failed. Please try again.' : 'Signing you out…'}</p>;
}
