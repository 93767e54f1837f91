import { describe, expect, it } from 'vitest';
import { ConfigError } from '@/lib/config/env';
import { changeRequestHref, parseShopDetails, phoneHref } from '@/lib/config/shop';

describe('shop details from configuration', () => {
  it('has sensible defaults for every detail, and empty values mean "use the default"', () => {
    const shop = parseShopDetails({ SHOP_NAME: '', SHOP_PHONE: '  ' });
    expect(shop.name).toBe('Harvest Table Catering');
    expect(shop.phone).toBe('+1 217-555-0142');
    expect(shop.email).toBe('orders@harvesttable.example');
    expect(shop.timeZone).toBe('America/New_York');
    expect(shop.cancellationPolicy).toMatch(/48 hours/);
    expect(shop.allergenPolicy).toMatch(/peanuts/);
  });

  it('takes the configured values', () => {
    const shop = parseShopDetails({ SHOP_NAME: 'Lunch Co', SHOP_EMAIL: 'hi@lunch.example', SHOP_TIME_ZONE: 'Europe/Paris' });
    expect(shop).toMatchObject({ name: 'Lunch Co', email: 'hi@lunch.example', timeZone: 'Europe/Paris' });
  });

  it('names every bad variable', () => {
    expect(() => parseShopDetails({ SHOP_EMAIL: 'nope', SHOP_PHONE: 'call us', SHOP_TIME_ZONE: 'Mars/Base' })).toThrow(ConfigError);
    try {
      parseShopDetails({ SHOP_EMAIL: 'nope', SHOP_PHONE: 'call us', SHOP_TIME_ZONE: 'Mars/Base' });
    } catch (error) {
      const issues = (error as ConfigError).issues.join('\n');
      expect(issues).toMatch(/^SHOP_EMAIL: /m);
      expect(issues).toMatch(/^SHOP_PHONE: /m);
      expect(issues).toMatch(/^SHOP_TIME_ZONE: /m);
    }
  });

  it('builds a dialable link and a change request that carries the order number', () => {
    const shop = parseShopDetails({});
    expect(phoneHref('+1 (217) 555-0142')).toBe('tel:+12175550142');
    const href = changeRequestHref(shop, 'HT-7K3Q9C');
    expect(href.startsWith('mailto:orders@harvesttable.example?')).toBe(true);
    const params = new URLSearchParams(href.split('?')[1]);
    expect(params.get('subject')).toBe('Change request for order HT-7K3Q9C');
    expect(params.get('body')).toContain('Order HT-7K3Q9C');
  });
});
