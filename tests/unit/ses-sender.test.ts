import { describe, expect, it } from 'vitest';
import { requiredSesSender } from '@/amplify/functions/follow-up-worker/ses-sender';

describe('the follow-up worker’s SES sender (read at synth)', () => {
  it('is required, with the way to set it in the message', () => {
    expect(() => requiredSesSender(undefined)).toThrow(/SES_FROM_ADDRESS is required to deploy the backend[\s\S]*npx ampx sandbox/);
    expect(() => requiredSesSender('  ')).toThrow(/SES_FROM_ADDRESS is required/);
  });

  it('must be an email address', () => {
    expect(() => requiredSesSender('orders')).toThrow('SES_FROM_ADDRESS must be an email address on your verified SES identity; got "orders".');
    expect(() => requiredSesSender('orders@shop')).toThrow(/must be an email address/);
    expect(() => requiredSesSender('a b@shop.example')).toThrow(/must be an email address/);
  });

  it('is taken as given, without surrounding blanks', () => {
    expect(requiredSesSender(' orders@shop.example ')).toBe('orders@shop.example');
  });
});
