import { ShopContact } from '@/components/layout/ShopContact';
import { changeRequestHref, type ShopDetails } from '@/lib/config/shop';

/** How to reach the shop about one order: phone, email, a prefilled change request, and the cancellation terms. */
export function OrderHelp({ shop, orderNumber }: { shop: ShopDetails; orderNumber: string }) {
  return (
    <>
      <ShopContact shop={shop} />
      <a className="button secondary" href={changeRequestHref(shop, orderNumber)}>
        Request a change
      </a>
      <p className="hint">{shop.cancellationPolicy}</p>
    </>
  );
}
