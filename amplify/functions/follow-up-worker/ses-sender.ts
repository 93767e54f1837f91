import { z } from 'zod';

/** The same check as the server's configuration (lib/config/env.ts). */
const emailAddress = z.email();

/**
 * The sender of the shop's own email, read from the deploying shell (or the Amplify build's environment).
 * Required: the worker's SES permission is limited to this address, so a made-up default would deploy a worker
 * whose every email SES refuses.
 */
export function requiredSesSender(value: string | undefined): string {
  const sender = value?.trim() ?? '';
  if (!emailAddress.safeParse(sender).success) {
    throw new Error(
      sender === ''
        ? 'SES_FROM_ADDRESS is required to deploy the backend: an address on your verified SES identity, e.g. `SES_FROM_ADDRESS=orders@yourshop.example npx ampx sandbox` (on Amplify Hosting, an environment variable of the branch).'
        : `SES_FROM_ADDRESS must be an email address on your verified SES identity; got "${sender}".`,
    );
  }
  return sender;
}
