'use client';

import { Authenticator } from '@aws-amplify/ui-react';
import '@aws-amplify/ui-react/styles.css';
import { signIn, signUp, type SignInInput, type SignUpInput } from 'aws-amplify/auth';
import { useRouter } from 'next/navigation';
import { useEffect, useRef, type ComponentProps } from 'react';
import type { PublicAuthConfig } from '@/lib/services/auth/public-auth-config';
import { configureAmplify } from './configure-amplify';

// The Authenticator's handleSignIn type is an overload the plain Amplify signIn cannot satisfy by inference.
type AuthenticatorServices = NonNullable<ComponentProps<typeof Authenticator>['services']>;

interface SignInPanelProps {
  auth: PublicAuthConfig;
  returnTo: string;
  /** A server action run once, right after signing in, before going on (claims earlier orders). */
  onSignedIn: () => Promise<void>;
}

function GoWhenSignedIn({ returnTo, onSignedIn }: Omit<SignInPanelProps, 'auth'>) {
  const router = useRouter();
  const started = useRef(false);
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    // Earlier orders paid with this email become the customer's now, once; then a full navigation, so the
    // server renders the destination with the new session cookies.
    void onSignedIn()
      .catch(() => undefined)
      .finally(() => {
        router.replace(returnTo);
        router.refresh();
      });
  }, [router, returnTo, onSignedIn]);
  return <p role="status">Signed in. Taking you to your orders…</p>;
}

export function SignInPanel({ auth, returnTo, onSignedIn }: SignInPanelProps) {
  configureAmplify(auth);
  const services = {
    // cognito-local supports only USER_PASSWORD_AUTH; real Cognito keeps Amplify's default (SRP).
    handleSignIn: (input: SignInInput) => signIn({ ...input, options: { ...input.options, authFlowType: auth.signInFlow } }),
    // The sign-in that follows a confirmed sign-up must use the same flow.
    handleSignUp: (input: SignUpInput) =>
      signUp({
        ...input,
        options: { ...input.options, userAttributes: input.options?.userAttributes ?? {}, autoSignIn: { authFlowType: auth.signInFlow } },
      }),
  } as AuthenticatorServices;
  return (
    <Authenticator loginMechanisms={['email']} services={services}>
      <GoWhenSignedIn returnTo={returnTo} onSignedIn={onSignedIn} />
    </Authenticator>
  );
}
