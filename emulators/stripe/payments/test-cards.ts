/** Stripe's documented test card numbers and what they do. */
export interface Decline {
  code: string;
  declineCode: string;
  message: string;
}

export interface CardInfo {
  brand: string;
  funding: 'credit' | 'debit' | 'prepaid' | 'unknown';
  country: string;
  decline?: Decline;
  /** Attaches to a customer even though every charge fails (4000 0000 0000 0341). */
  attaches?: boolean;
}

const GENERIC = 'Your card was declined.';

const CARDS: Record<string, CardInfo> = {
  '4242424242424242': { brand: 'visa', funding: 'credit', country: 'US' },
  '4000056655665556': { brand: 'visa', funding: 'debit', country: 'US' },
  '5555555555554444': { brand: 'mastercard', funding: 'credit', country: 'US' },
  '2223003122003222': { brand: 'mastercard', funding: 'credit', country: 'US' },
  '5200828282828210': { brand: 'mastercard', funding: 'debit', country: 'US' },
  '378282246310005': { brand: 'amex', funding: 'credit', country: 'US' },
  '6011111111111117': { brand: 'discover', funding: 'credit', country: 'US' },
  '4000000000000002': {
    brand: 'visa', funding: 'credit', country: 'US',
    decline: { code: 'card_declined', declineCode: 'generic_decline', message: GENERIC },
  },
  '4000000000009995': {
    brand: 'visa', funding: 'credit', country: 'US',
    decline: { code: 'card_declined', declineCode: 'insufficient_funds', message: 'Your card has insufficient funds.' },
  },
  '4000000000009987': {
    brand: 'visa', funding: 'credit', country: 'US',
    decline: { code: 'card_declined', declineCode: 'lost_card', message: GENERIC },
  },
  '4000000000009979': {
    brand: 'visa', funding: 'credit', country: 'US',
    decline: { code: 'card_declined', declineCode: 'stolen_card', message: GENERIC },
  },
  '4000000000000069': {
    brand: 'visa', funding: 'credit', country: 'US',
    decline: { code: 'expired_card', declineCode: 'expired_card', message: 'Your card has expired.' },
  },
  '4000000000000127': {
    brand: 'visa', funding: 'credit', country: 'US',
    decline: { code: 'incorrect_cvc', declineCode: 'incorrect_cvc', message: "Your card's security code is incorrect." },
  },
  '4000000000000341': {
    brand: 'visa', funding: 'credit', country: 'US', attaches: true,
    decline: { code: 'card_declined', declineCode: 'generic_decline', message: GENERIC },
  },
  '4000000000000119': {
    brand: 'visa', funding: 'credit', country: 'US',
    decline: {
      code: 'processing_error',
      declineCode: 'processing_error',
      message: 'An error occurred while processing your card. Try again in a little bit.',
    },
  },
};

/** `tok_…` / `pm_card_…` suffixes the Stripe CLI and docs use, mapped to card numbers. */
const MAGIC: Record<string, string> = {
  visa: '4242424242424242',
  visa_debit: '4000056655665556',
  mastercard: '5555555555554444',
  mastercard_debit: '5200828282828210',
  amex: '378282246310005',
  discover: '6011111111111117',
  chargeDeclined: '4000000000000002',
  chargeDeclinedInsufficientFunds: '4000000000009995',
  chargeDeclinedLostCard: '4000000000009987',
  chargeDeclinedStolenCard: '4000000000009979',
  chargeDeclinedExpiredCard: '4000000000000069',
  chargeDeclinedIncorrectCvc: '4000000000000127',
  chargeDeclinedProcessingError: '4000000000000119',
  chargeCustomerFail: '4000000000000341',
};

export function numberForToken(token: string): string | undefined {
  const m = /^(?:tok|pm_card)_(.+)$/.exec(token);
  return m?.[1] ? MAGIC[m[1]] : undefined;
}

export function luhnValid(number: string): boolean {
  if (!/^\d{12,19}$/.test(number)) return false;
  let sum = 0;
  let double = false;
  for (let i = number.length - 1; i >= 0; i--) {
    let d = Number(number[i]);
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

function brandFor(number: string): string {
  if (/^4/.test(number)) return 'visa';
  if (/^(5[1-5]|2[2-7])/.test(number)) return 'mastercard';
  if (/^3[47]/.test(number)) return 'amex';
  if (/^6(011|5)/.test(number)) return 'discover';
  if (/^35/.test(number)) return 'jcb';
  if (/^3(0|6|8)/.test(number)) return 'diners';
  if (/^62/.test(number)) return 'unionpay';
  return 'unknown';
}

/** Behaviour of a (Luhn-valid) card number; unknown numbers succeed like a generic card. */
export function cardInfo(number: string): CardInfo {
  return CARDS[number] ?? { brand: brandFor(number), funding: 'credit', country: 'US' };
}
