import Link from 'next/link';
import { AccountMenu } from '@/components/auth/AccountMenu';
import { CartLink } from '@/components/cart/CartLink';
import { getShopDetails } from '@/lib/config/shop';

export function SiteHeader() {
  return (
    <header className="site-header">
      <div className="container">
        <Link href="/" className="brand" aria-label={getShopDetails().name}>
          {/* eslint-disable-next-line @next/next/no-img-element -- a tiny static SVG needs no optimisation */}
          <img src="/icon.svg" alt="" width={32} height={32} />
          <span>{getShopDetails().name}</span>
        </Link>
        <nav className="site-nav" aria-label="Main">
          <Link href="/">Menu</Link>
          <Link href="/plans">Plans</Link>
          <AccountMenu />
          <CartLink />
        </nav>
      </div>
    </header>
  );
}
