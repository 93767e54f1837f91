import { defineFunction } from '@aws-amplify/backend';

/** Links orders paid before sign-up to the newly confirmed account (by verified email). */
export const postConfirmation = defineFunction({
  name: 'post-confirmation',
  entry: './handler.ts',
  timeoutSeconds: 30,
  // Triggers are deployed with the auth stack, so the function lives there too (avoids a circular stack dependency
  // between auth → function → data → auth).
  resourceGroupName: 'auth',
});
