/**
 * The benchmark's floor for the catalog page: an empty static page in the same build and layout.
 * Static pages cannot read the environment per request, so it cannot be hidden behind BENCH_ROUTES;
 * it renders nothing and calls nothing, so serving it to anyone is harmless.
 */
export const dynamic = 'force-static';

export default function EmptyBenchPage() {
  return null;
}
