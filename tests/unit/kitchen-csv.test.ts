import { describe, expect, it } from 'vitest';
import { csvCell, toCsv } from '@/lib/domain/kitchen/csv';
import { deliveriesCsv } from '@/lib/domain/kitchen/deliveries-csv';
import type { Order } from '@/lib/domain/orders/order';
import { paidOrder } from '../support/kitchen-orders';

describe('CSV cells', () => {
  it('leaves plain text alone and quotes commas, quotes and line breaks', () => {
    expect(csvCell('Ada Lovelace')).toBe('Ada Lovelace');
    expect(csvCell('1 Main St, Springfield')).toBe('"1 Main St, Springfield"');
    expect(csvCell('the "big" board')).toBe('"the ""big"" board"');
    expect(csvCell('ring the bell\nthen wait')).toBe('"ring the bell\nthen wait"');
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
    expect(csvCell(-12)).toBe('-12');
  });

  it.each(['=HYPERLINK("http://evil")', '+1 555 0100', '-2+3', '@SUM(A1)', '\t=1', '\r=1'])('defuses a formula start: %j', (value) => {
    const cell = csvCell(value);
    const unquoted = cell.startsWith('"') ? cell.slice(1, -1).replace(/""/g, '"') : cell;
    expect(unquoted).toBe(`'${value}`);
  });

  it('joins cells with commas and records with CRLF', () => {
    expect(toCsv([['a', 'b,c'], [1, null]])).toBe('a,"b,c"\r\n1,\r\n');
  });
});

describe('a day’s deliveries as CSV', () => {
  it('has one row per order with the kitchen’s columns, notes defused', () => {
    const order = paidOrder({ deliveryWindow: '10:00-12:00' }, { notes: '=cmd|calc', phone: '+1 555 0100' });
    const expired: Order = { ...order, id: 'cs_test_expired', status: 'expired' };
    const [header, row, ...rest] = deliveriesCsv([order, expired], 'America/New_York').split('\r\n');
    expect(header).toBe('Order,Delivery date,Window,Customer,Email,Phone,Deliver to,Address,Items,Servings,Notes,Dietary requirements,Payment,Fulfilment,Total');
    expect(row).toContain(',2030-01-15,10:00 AM – 12:00 PM,Ada Lovelace,ada@example.com,\'+1 555 0100,Ada Lovelace,');
    expect(row).toContain(',2 x Grand Grazing Board; 1 x Petite Dessert Table,');
    expect(row).toContain(",'=cmd|calc,,paid,Received,$788.00");
    expect(rest).toEqual(['']);
  });
});
