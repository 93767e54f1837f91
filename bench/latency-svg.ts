export interface LatencyBar {
  label: string;
  p50: number;
  p95: number;
  p99: number;
}

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const COLORS = { p50: '#2f7d4f', p95: '#d9a441', p99: '#b8483a' } as const;

/** Grouped horizontal bars (p50/p95/p99 per measurement) on a log-free linear scale, as plain SVG. */
export function latencySvg(title: string, bars: readonly LatencyBar[]): string {
  const rowHeight = 46;
  const left = 300;
  const width = 900;
  const plotWidth = width - left - 80;
  const top = 50;
  const height = top + bars.length * rowHeight + 40;
  const max = Math.max(1, ...bars.map((bar) => bar.p99).filter(Number.isFinite));
  const scale = (ms: number) => (Number.isFinite(ms) ? Math.max(1, (ms / max) * plotWidth) : 0);
  const rows = bars.map((bar, index) => {
    const y = top + index * rowHeight;
    const lines = (['p50', 'p95', 'p99'] as const).map((key, k) => {
      const value = bar[key];
      const barY = y + k * 12;
      return `<rect x="${left}" y="${barY}" width="${scale(value).toFixed(1)}" height="10" fill="${COLORS[key]}"/>` +
        `<text x="${(left + scale(value) + 4).toFixed(1)}" y="${barY + 9}" font-size="10">${key} ${value.toFixed(1)} ms</text>`;
    });
    return `<text x="${left - 8}" y="${y + 20}" font-size="12" text-anchor="end">${escape(bar.label)}</text>${lines.join('')}`;
  });
  const legend = (['p50', 'p95', 'p99'] as const)
    .map((key, k) => `<rect x="${left + k * 80}" y="24" width="10" height="10" fill="${COLORS[key]}"/><text x="${left + k * 80 + 14}" y="33" font-size="11">${key}</text>`)
    .join('');
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="12" y="18" font-size="14" font-weight="bold">${escape(title)}</text>`,
    legend,
    ...rows,
    `</svg>`,
  ].join('\n');
}
