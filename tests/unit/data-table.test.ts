import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { DataTable } from '@/components/tables/DataTable';

const row = createElement('tr', { key: 'r' }, createElement('td', null, 'A-1'), createElement('td', null, 'View'));
const columns = [{ label: 'Order' }, { label: 'Details', hidden: true }];

describe('the shared table (orders, order items, kitchen pages)', () => {
  it('scrolls inside a focusable panel region named by its label, with screen-reader-only headings where asked', () => {
    const html = renderToStaticMarkup(createElement(DataTable, { region: { label: 'Your orders' }, columns }, row));
    expect(html).toBe(
      '<div class="panel table-scroll" role="region" tabindex="0" aria-label="Your orders"><table class="orders-table">' +
        '<thead><tr><th scope="col">Order</th><th scope="col"><span class="visually-hidden">Details</span></th></tr></thead>' +
        '<tbody><tr><td>A-1</td><td>View</td></tr></tbody></table></div>',
    );
  });

  it('inside a panel, is named by its heading; a caption and a footer go where a table keeps them', () => {
    const caption = createElement('caption', null, '2 orders');
    const footer = createElement('tr', null, createElement('th', { scope: 'row' }, 'Total'), createElement('td', null, '2'));
    const html = renderToStaticMarkup(createElement(DataTable, { region: { labelledBy: 'items-heading' }, panel: false, columns, caption, footer, className: 'prep-table' }, row));
    expect(html).toMatch(/^<div class="table-scroll" role="region" tabindex="0" aria-labelledby="items-heading"><table class="orders-table prep-table"><caption>2 orders<\/caption><thead>/);
    expect(html).toContain('</tbody><tfoot><tr><th scope="row">Total</th><td>2</td></tr></tfoot></table></div>');
  });

  it('without a region is a bare table', () => {
    expect(renderToStaticMarkup(createElement(DataTable, { columns }, row))).toMatch(/^<table class="orders-table"><thead>.*<\/table>$/);
  });
});
