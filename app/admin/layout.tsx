import type { Metadata } from 'next';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { requireStaff } from '@/app/_server/require-staff';
import './kitchen.css';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: { default: 'Kitchen', template: '%s · Kitchen' }, robots: { index: false } };

/** The kitchen's pages: staff only; everyone else gets the shop's 404 (server-rendered, nothing leaks). */
export default async function AdminLayout({ children }: { children: ReactNode }) {
  await requireStaff();
  return (
    <div className="kitchen">
      <nav className="kitchen-nav no-print" aria-label="Kitchen">
        <Link href="/admin">Orders</Link>
        <Link href="/admin/prep">Prep list</Link>
        <Link href="/admin/jobs">Parked jobs</Link>
        <Link href="/admin/quotes">Quotes</Link>
      </nav>
      {children}
    </div>
  );
}
