import type { Page } from '@playwright/test';
import { expect } from './fixtures';

/** The page is no wider than the window: nothing scrolls sideways (measured in the browser). */
export async function expectNoHorizontalOverflow(page: Page, label: string): Promise<void> {
  const { scrollWidth, innerWidth, widest } = await page.evaluate(() => {
    // The deepest elements that stick out, to say what to fix when the check fails.
    const outside = Array.from(document.body.querySelectorAll<HTMLElement>('*')).filter(
      (element) => element.getBoundingClientRect().right > window.innerWidth + 0.5 && element.children.length === 0,
    );
    return {
      scrollWidth: document.documentElement.scrollWidth,
      innerWidth: window.innerWidth,
      widest: outside.slice(0, 5).map((element) => `${element.tagName.toLowerCase()}.${element.className} → ${Math.round(element.getBoundingClientRect().right)}px`),
    };
  });
  expect(scrollWidth, `${label}: page width ${scrollWidth}px at a ${innerWidth}px window; sticking out: ${widest.join(', ')}`).toBeLessThanOrEqual(innerWidth);
}

/**
 * Every control a finger must hit is at least 44 × 44 px (WCAG 2.5.5 / Apple's guideline).
 * Links inside running text are exempt, as WCAG exempts inline targets; so are hidden and off-screen elements.
 */
export async function expectTapTargets(page: Page, label: string, minimum = 44): Promise<void> {
  const small = await page.evaluate((min) => {
    const controls = Array.from(document.querySelectorAll<HTMLElement>('a[href], button, input:not([type=hidden]), select, textarea'));
    return controls
      .filter((element) => {
        const box = element.getBoundingClientRect();
        const style = getComputedStyle(element);
        const hidden = box.width === 0 || box.height === 0 || style.visibility === 'hidden' || box.right <= 0 || box.bottom <= 0;
        const inline = element.tagName === 'A' && element.closest('p') !== null && !element.classList.contains('button') && !element.classList.contains('tap-link');
        return !hidden && !inline && !element.closest('.visually-hidden') && (box.width < min || box.height < min);
      })
      .map((element) => {
        const box = element.getBoundingClientRect();
        return `${element.tagName.toLowerCase()} "${(element.getAttribute('aria-label') ?? element.textContent ?? '').trim().slice(0, 40)}" ${Math.round(box.width)}×${Math.round(box.height)}`;
      });
  }, minimum);
  expect(small, `${label}: controls smaller than ${minimum}px`).toEqual([]);
}

export async function expectFitsPhone(page: Page, label: string): Promise<void> {
  await expectNoHorizontalOverflow(page, label);
  await expectTapTargets(page, label);
}
