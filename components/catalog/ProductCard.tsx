import Link from 'next/link';
import { AddToCartButton } from '@/components/cart/AddToCartButton';
import type { CatalogItem } from '@/lib/services/catalog/catalog';
import { formatMoney } from '@/lib/domain/money';

export function ProductCard({ item }: { item: CatalogItem }) {
  const href = `/products/${item.productId}`;
  return (
    <li className="card" data-testid="product-card">
      <Link href={href} className="card-image" tabIndex={-1} aria-hidden="true">
        {item.image ? (
          // eslint-disable-next-line @next/next/no-img-element -- product art comes from Stripe as a URL
          <img src={item.image} alt="" width={800} height={600} loading="lazy" />
        ) : null}
      </Link>
      <div className="card-body">
        <h2>
          <Link href={href}>{item.name}</Link>
        </h2>
        {item.serves ? <span className="serves">Serves {item.serves}</span> : null}
        {item.description ? <p>{item.description}</p> : null}
        <div className="card-footer">
          <span className="price">{formatMoney(item.unitAmount, item.currency)}</span>
          <AddToCartButton priceId={item.priceId} productName={item.name} />
        </div>
      </div>
    </li>
  );
}
