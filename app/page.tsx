import { ProductCard } from '@/components/catalog/ProductCard';
import { loadStorefrontCatalog } from '@/app/_server/cached-catalog';

// Static, and re-rendered when a product.* or price.* webhook revalidates the `catalog` tag
// (see app/_server/cached-catalog.ts); `next build` renders a placeholder that is never served.

export default async function CatalogPage() {
  const catalog = await loadStorefrontCatalog();
  return (
    <>
      <section className="hero" aria-labelledby="hero-heading">
        {/* eslint-disable-next-line @next/next/no-img-element -- decorative static SVG */}
        <img src="/images/hero.svg" alt="" width={1600} height={500} />
        <div className="hero-text">
          <h1 id="hero-heading">Catering for every table</h1>
          <p>Breakfasts, lunches, grazing boards and desserts, prepared fresh and delivered on the day you choose.</p>
        </div>
      </section>
      {catalog.length === 0 ? (
        <p className="panel empty-state">Our menu is being updated. Please check back soon.</p>
      ) : (
        <ul className="product-grid" aria-label="Catering packages">
          {catalog.map((item) => (
            <ProductCard key={item.priceId} item={item} />
          ))}
        </ul>
      )}
    </>
  );
}
