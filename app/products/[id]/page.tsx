import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { AddToCartButton } from '@/components/cart/AddToCartButton';
import { findByProduct } from '@/lib/services/catalog/catalog';
import { loadStorefrontCatalog } from '@/app/_server/cached-catalog';
import { formatMoney } from '@/lib/domain/money';

export const dynamic = 'force-dynamic';

interface ProductPageProps {
  params: Promise<{ id: string }>;
}

async function loadProduct(id: string) {
  return findByProduct(await loadStorefrontCatalog(), id);
}

export async function generateMetadata({ params }: ProductPageProps): Promise<Metadata> {
  const item = await loadProduct((await params).id);
  return { title: item?.name ?? 'Not found' };
}

export default async function ProductPage({ params }: ProductPageProps) {
  const item = await loadProduct((await params).id);
  if (!item) notFound();
  return (
    <article className="product-detail">
      <div className="image">
        {item.image ? (
          // eslint-disable-next-line @next/next/no-img-element -- product art comes from Stripe as a URL
          <img src={item.image} alt={item.name} width={800} height={600} />
        ) : null}
      </div>
      <div className="info">
        <p>
          <Link href="/">← Back to the menu</Link>
        </p>
        <h1>{item.name}</h1>
        {item.serves ? <span className="serves">Serves {item.serves}</span> : null}
        {item.description ? <p>{item.description}</p> : null}
        <p className="price">{formatMoney(item.unitAmount, item.currency)}</p>
        <div>
          <AddToCartButton priceId={item.priceId} productName={item.name} />
        </div>
      </div>
    </article>
  );
}
