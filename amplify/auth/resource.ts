import { defineAuth } from '@aws-amplify/backend';
import { postConfirmation } from '../functions/post-confirmation/resource';

export const SHOP_NAME = 'Harvest Table Catering';
export const ADMINS_GROUP = 'ADMINS';

/**
 * Customers sign in with their email. Accounts are made two ways:
 * - by the shop after a paid order (AdminCreateUser sends the invitation below), or
 * - by the customer (self sign-up, confirmed with an emailed code).
 * Either way, the post-confirmation trigger links earlier orders paid with the same verified email.
 */
export const auth = defineAuth({
  loginWith: {
    email: {
      verificationEmailStyle: 'CODE',
      verificationEmailSubject: `Your ${SHOP_NAME} verification code`,
      verificationEmailBody: (createCode) => `Your ${SHOP_NAME} verification code is ${createCode()}.`,
      userInvitation: {
        emailSubject: `Your ${SHOP_NAME} account is ready`,
        // Cognito rejects an invitation template without the {username} and {####} placeholders.
        emailBody: (username, code) =>
          `Thank you for ordering from ${SHOP_NAME}! We made an account for you so you can follow your orders at /orders on our site. ` +
          `Sign in with ${username()} and the temporary password ${code()} — you will choose your own password the first time.`,
      },
    },
  },
  groups: [ADMINS_GROUP],
  triggers: { postConfirmation },
});
