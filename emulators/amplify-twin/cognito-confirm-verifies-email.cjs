'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS preload for node --require */
/**
 * Preloaded (node --require) into the twin's cognito-local ONLY (emulators/amplify-twin/cognito.ts).
 *
 * Cognito marks `email_verified=true` when a user confirms sign-up with the code it emailed (the pool
 * auto-verifies email); cognito-local 5.3 confirms the user but leaves the attribute unset, so its
 * PostConfirmation event says the email is unverified. This wraps its ConfirmSignUp target: when the code
 * matches and the pool auto-verifies email, the attribute is set first, then cognito-local's own handler
 * runs unchanged (status, trigger). A wrong code changes nothing.
 */
const { Targets } = require('cognito-local/lib/targets/targets');

const originalConfirmSignUp = Targets.ConfirmSignUp;

Targets.ConfirmSignUp = (services) => {
  const confirm = originalConfirmSignUp(services);
  return async (ctx, req) => {
    const userPool = await services.cognito.getUserPoolForClientId(ctx, req.ClientId);
    const user = await userPool.getUserByUsername(ctx, req.Username);
    const autoVerifiesEmail = (userPool.options.AutoVerifiedAttributes ?? []).includes('email');
    const hasEmail = (user?.Attributes ?? []).some((attribute) => attribute.Name === 'email');
    if (user && autoVerifiesEmail && hasEmail && user.ConfirmationCode && user.ConfirmationCode === req.ConfirmationCode) {
      const others = user.Attributes.filter((attribute) => attribute.Name !== 'email_verified');
      await userPool.saveUser(ctx, { ...user, Attributes: [...others, { Name: 'email_verified', Value: 'true' }] });
    }
    return confirm(ctx, req);
  };
};
