/** What the billing pages (portal, hosted invoice) share. */
export const PAGE_STYLE = 'max-width:720px;text-align:left';

export function date(seconds: number): string {
  return new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(seconds * 1000));
}
