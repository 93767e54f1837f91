/** The business this storefront sells for. */
export const SHOP_NAME = 'Harvest Table Catering';
