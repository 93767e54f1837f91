import { getShopDetails } from '@/lib/config/shop';
import { ShopContact } from './ShopContact';

export function SiteFooter() {
  const shop = getShopDetails();
  return (
    <footer className="site-footer">
      <div className="container footer-grid">
        <section aria-labelledby="footer-contact">
          <h2 id="footer-contact">{shop.name}</h2>
          <ShopContact shop={shop} />
          <address>{shop.address}</address>
        </section>
        <section aria-labelledby="footer-cancellations">
          <h2 id="footer-cancellations">Changes and cancellations</h2>
          <p>{shop.cancellationPolicy}</p>
        </section>
        <section aria-labelledby="footer-allergens">
          <h2 id="footer-allergens">Allergens</h2>
          <p>{shop.allergenPolicy}</p>
        </section>
      </div>
      <div className="container">
        <p className="hint">Freshly prepared, delivered on the date you choose. Payments are processed securely by Stripe.</p>
      </div>
    </footer>
  );
}
