import { SHOP_NAME } from '@/lib/shop';

export function SiteFooter() {
  return (
    <footer className="site-footer">
      <div className="container">
        <p>
          {SHOP_NAME} · Freshly prepared, delivered on the date you choose. Payments are processed securely by Stripe.
        </p>
      </div>
    </footer>
  );
}
