import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { SignInPanel } from '@/components/auth/SignInPanel';
import { toPublicAuthConfig } from '@/lib/services/auth/public-auth-config';
import { getServices } from '@/lib/composition';
import { safeReturnPath } from '@/lib/security/return-path';
import { claimOrdersAtSignIn } from './actions';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Sign in', robots: { index: false } };

interface SignInPageProps {
  searchParams: Promise<{ returnTo?: string | string[] }>;
}

export default async function SignInPage({ searchParams }: SignInPageProps) {
  const auth = getServices().config.auth;
  if (!auth) notFound();
  const { returnTo } = await searchParams;
  return (
    <section className="auth-page">
      <h1>Sign in to see your orders</h1>
      <p className="hint">We created an account for you when you paid: the invitation email has your temporary password.</p>
      <SignInPanel auth={toPublicAuthConfig(auth)} returnTo={safeReturnPath(Array.isArray(returnTo) ? null : returnTo)} onSignedIn={claimOrdersAtSignIn} />
    </section>
  );
}
