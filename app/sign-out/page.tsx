import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { notFound } from 'next/navigation';
import { SignOutRunner } from '@/components/auth/SignOutRunner';
import { toPublicAuthConfig } from '@/lib/services/auth/public-auth-config';
import { getServices } from '@/lib/composition';
import { isSameOriginRequest } from '@/lib/security/same-origin';
import { ConfirmSignOut } from './ConfirmSignOut';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Signing out', robots: { index: false } };

/** Signs out at once when the shop's own "Sign out" button led here; any other visit asks first. */
export default async function SignOutPage() {
  const { auth, siteUrl } = getServices().config;
  if (!auth) notFound();
  const fromTheShop = isSameOriginRequest(await headers(), siteUrl);
  return (
    <section className="status panel">
      {fromTheShop ? <SignOutRunner auth={toPublicAuthConfig(auth)} /> : <ConfirmSignOut auth={toPublicAuthConfig(auth)} />}
    </section>
  );
}
