import { z } from 'zod';
import { ConfigError } from './env';

/** The business this storefront sells for, as customers see it in the footer, confirmations and emails. */
export interface ShopDetails {
  name: string;
  phone: string;
  email: string;
  /** One line: street, city, state and ZIP. */
  address: string;
  cancellationPolicy: string;
  allergenPolicy: string;
  /** IANA zone every date and time is shown and computed in (SHOP_TIME_ZONE). */
  timeZone: string;
}

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

const text = (fallback: string) => z.string().trim().min(1).default(fallback);

const shopSchema = z.object({
  SHOP_NAME: text('Harvest Table Catering'),
  SHOP_PHONE: z
    .string()
    .trim()
    .regex(/^\+?[0-9][0-9 ().-]{6,24}$/, 'SHOP_PHONE must be a phone number such as +1 217-555-0142')
    .default('+1 217-555-0142'),
  SHOP_EMAIL: z.email({ message: 'SHOP_EMAIL must be an email address such as orders@example.com' }).default('orders@harvesttable.example'),
  SHOP_ADDRESS: text('12 Market Street, Springfield, IL 62701'),
  SHOP_CANCELLATION_POLICY: text(
    'Cancel or change your order free of charge up to 48 hours before delivery. Within 48 hours we refund half the order total, because the food is already bought and prepared.',
  ),
  SHOP_ALLERGEN_POLICY: text(
    'Our kitchen handles gluten, milk, eggs, peanuts, tree nuts, soy, sesame, fish and shellfish. Every dish is labelled, but we cannot rule out traces: tell us about allergies before you order.',
  ),
  SHOP_TIME_ZONE: z.string().trim().default('America/New_York').refine(isTimeZone, 'SHOP_TIME_ZONE must be an IANA time zone such as America/New_York'),
});

/** Reads and validates the shop's details from environment variables (empty means "use the default"). */
export function parseShopDetails(source: Record<string, string | undefined>): ShopDetails {
  const present = Object.fromEntries(Object.entries(source).filter(([key, value]) => key.startsWith('SHOP_') && value?.trim()));
  const result = shopSchema.safeParse(present);
  if (!result.success) throw new ConfigError(result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  const env = result.data;
  return {
    name: env.SHOP_NAME,
    phone: env.SHOP_PHONE,
    email: env.SHOP_EMAIL,
    address: env.SHOP_ADDRESS,
    cancellationPolicy: env.SHOP_CANCELLATION_POLICY,
    allergenPolicy: env.SHOP_ALLERGEN_POLICY,
    timeZone: env.SHOP_TIME_ZONE,
  };
}

let cached: ShopDetails | undefined;

/** The process's shop details, validated on first use. */
export function getShopDetails(): ShopDetails {
  cached ??= parseShopDetails(process.env);
  return cached;
}

/** A tel: link target: digits and a leading +, nothing else. */
export function phoneHref(phone: string): string {
  return `tel:${phone.replace(/[^0-9+]/g, '')}`;
}

/** A mailto: link that opens an email to the shop about one order. */
export function changeRequestHref(shop: ShopDetails, orderNumber: string): string {
  const subject = `Change request for order ${orderNumber}`;
  const body = `Order ${orderNumber}\n\nWhat would you like to change or cancel?\n`;
  return `mailto:${shop.email}?subject=${encodeURIComponent(subject)}&body=${encodeURIComponent(body)}`;
}
