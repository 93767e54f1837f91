import Link from 'next/link';

export default function NotFound() {
  return (
    <div className="panel empty-state">
      <h1>Page not found</h1>
      <p>We couldn&apos;t find what you were looking for.</p>
      <Link href="/" className="button">
        Back to the menu
      </Link>
    </div>
  );
}
