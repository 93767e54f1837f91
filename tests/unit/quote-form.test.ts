import { describe, expect, it } from 'vitest';
import { dollarsToCents, quoteInputFromForm } from '@/lib/domain/quotes/quote-form';
import { quoteRequestSchema } from '@/lib/domain/quotes/quote-request';

function form(fields: Record<string, string>): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.set(name, value);
  return data;
}

describe('the quote form', () => {
  it('reads filled rows only, custom prices in dollars as cents, into a valid quote', () => {
    const input = quoteInputFromForm(
      form({
        customerEmail: ' grace@example.com ',
        deliveryDate: '2031-05-01',
        deliveryWindow: '10:00-12:00',
        'catalog.0.priceId': 'price_grazing_board',
        'catalog.0.quantity': '60',
        'catalog.1.priceId': '',
        'catalog.1.quantity': '3',
        'custom.0.name': 'Carving station',
        'custom.0.price': '1,250.5',
        'custom.0.quantity': '1',
        'custom.1.name': '',
      }),
    );
    expect(input).toEqual({
      customerEmail: 'grace@example.com',
      deliveryDate: '2031-05-01',
      deliveryWindow: '10:00-12:00',
      lines: [
        { kind: 'catalog', priceId: 'price_grazing_board', quantity: 60 },
        { kind: 'custom', name: 'Carving station', unitAmount: 125_050, quantity: 1 },
      ],
    });
    expect(quoteRequestSchema.safeParse(input).success).toBe(true);
  });

  it('passes what is not a number on as NaN, which the schema refuses with its own message', () => {
    const input = quoteInputFromForm(form({ customerEmail: 'a@b.co', deliveryDate: '2031-05-01', deliveryWindow: '10:00-12:00', 'custom.0.name': 'X', 'custom.0.price': 'ten', 'custom.0.quantity': '2.5' }));
    const parsed = quoteRequestSchema.safeParse(input);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['lines.0.unitAmount', 'lines.0.quantity']);
  });

  it('converts dollar amounts exactly', () => {
    expect([dollarsToCents('450'), dollarsToCents('$0.5'), dollarsToCents('19.99'), dollarsToCents('1.234'), dollarsToCents('')]).toEqual([45_000, 50, 1_999, Number.NaN, Number.NaN]);
  });
});
