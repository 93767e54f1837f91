'use client';

import { useState } from 'react';
import { useCart } from './CartProvider';

export function AddToCartButton({ priceId, productName }: { priceId: string; productName: string }) {
  const { add } = useCart();
  const [added, setAdded] = useState(false);
  return (
    <>
      <button
        type="button"
        className="button"
        aria-label={`Add ${productName} to cart`}
        onClick={() => {
          add(priceId);
          setAdded(true);
        }}
      >
        Add to cart
      </button>
      <span role="status" className="visually-hidden">
        {added ? `${productName} added to cart` : ''}
      </span>
    </>
  );
}
