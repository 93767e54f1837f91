import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { SignOutRunner } from '@/components/auth/SignOutRunner';
import { toPublicAuthConfig } from '@/lib/auth/public-auth-config';
import { getServices } from '@/lib/composition';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Signing out', robots: { index: false } };

export default function SignOutPage() {
  const auth = getServices().config.auth;
  if (!auth) notFound();
  return (
    <section className="status panel">
      <SignOutRunner auth={toPublicAuthConfig(auth)} />
    </section>
  );
}
