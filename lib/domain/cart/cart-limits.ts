/** Limits shared by the cart UI and the server's validation of a checkout request. */
export const MIN_QUANTITY = 1;
export const MAX_QUANTITY = 20;
export const MAX_CART_LINES = 20;
