import { phoneHref, type ShopDetails } from '@/lib/config/shop';

/** How to reach the shop: a phone number that dials and an address that opens an email. */
export function ShopContact({ shop }: { shop: ShopDetails }) {
  return (
    <ul className="contact-links" aria-label={`Contact ${shop.name}`}>
      <li>
        <a href={phoneHref(shop.phone)}>{shop.phone}</a>
      </li>
      <li>
        <a href={`mailto:${shop.email}`}>{shop.email}</a>
      </li>
    </ul>
  );
}
