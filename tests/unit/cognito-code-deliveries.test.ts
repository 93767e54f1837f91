import { describe, expect, it } from 'vitest';
import { parseCodeDeliveries } from '@/emulators/cognito/code-deliveries';

const box = (username: string, email: string, code: string) =>
  `[1795476754014] \u001b[32mINFO\u001b[39m: ╭──────────────────────────────────────╮
│                                      │
│   Confirmation Code Delivery         │
│                                      │
│   Username:    ${username}   │
│   Destination: ${email}   │
│   Code:        ${code}               │
│                                      │
╰──────────────────────────────────────╯
`;

describe("reading cognito-local's console code deliveries", () => {
  it('finds each delivered code, even split across chunks', () => {
    const output = box('u-1', 'grace@example.com', '123456') + 'noise\n' + box('u-2', 'linus@example.com', '654321');
    const { deliveries, rest } = parseCodeDeliveries(output);
    expect(deliveries).toEqual([
      { username: 'u-1', destination: 'grace@example.com', code: '123456', subject: null },
      { username: 'u-2', destination: 'linus@example.com', code: '654321', subject: null },
    ]);
    expect(rest).toBe('');

    const whole = box('u-3', 'ada@example.com', '111222');
    const first = parseCodeDeliveries(whole.slice(0, 120));
    expect(first.deliveries).toEqual([]);
    const second = parseCodeDeliveries(first.rest + whole.slice(120));
    expect(second.deliveries.map((delivery) => delivery.code)).toEqual(['111222']);
  });

  it('ignores ordinary log lines', () => {
    expect(parseCodeDeliveries('[1] INFO: Cognito Local running on http://127.0.0.1:9229\n').deliveries).toEqual([]);
  });
});
