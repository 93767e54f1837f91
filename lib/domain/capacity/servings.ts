/**
 * Servings a cart asks the kitchen for: each package's `serves` times its quantity. A package that does not
 * say how many it serves counts as one serving per unit, so it still takes room.
 */
export function cartServings(lines: readonly { priceId: string; quantity: number }[], catalog: ReadonlyMap<string, { serves: number | null }>): number {
  return lines.reduce((sum, line) => {
    const serves = catalog.get(line.priceId)?.serves;
    return sum + line.quantity * (serves && serves > 0 ? serves : 1);
  }, 0);
}
