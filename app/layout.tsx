import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';
import { CartProvider } from '@/components/cart/CartProvider';
import { SiteFooter } from '@/components/layout/SiteFooter';
import { SiteHeader } from '@/components/layout/SiteHeader';
import { getShopDetails } from '@/lib/config/shop';
import './globals.css';

const shopName = getShopDetails().name;

export const metadata: Metadata = {
  title: { default: `${shopName} — catering for every table`, template: `%s · ${shopName}` },
  description: 'Catering packages for meetings, parties and celebrations, delivered to your door.',
};

export const viewport: Viewport = { width: 'device-width', initialScale: 1, themeColor: '#fbf5ec' };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <CartProvider>
          <SiteHeader />
          <main id="main">
            <div className="container">{children}</div>
          </main>
          <SiteFooter />
        </CartProvider>
      </body>
    </html>
  );
}
