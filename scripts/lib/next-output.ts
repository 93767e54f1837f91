/**
 * Next lists every experiment set in next.config.ts, and marks one switched off with "⨯", the same
 * sign it uses for errors. Ours is deliberate (next.config.ts keeps re-rendered pages in memory so a
 * restart never shows a reseeded Local Stripe's old prices): say so instead of alarming on every start.
 */
const DELIBERATE = /⨯(\s+)isrFlushToDisk\b.*$/u;

export function explainNextLine(line: string): string {
  return line.replace(DELIBERATE, '-$1isrFlushToDisk off (deliberate: re-rendered pages stay in memory, see next.config.ts)');
}
