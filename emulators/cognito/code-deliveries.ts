/** A verification code cognito-local "sent": it prints them in a box on its console instead of emailing. */
export interface CodeDelivery {
  username: string;
  destination: string;
  code: string;
  subject: string | null;
}

const ANSI = /\u001b\[[0-9;]*m/g;
/** Enough trailing text to hold a marker cut in two by a chunk boundary. */
const MARKER_TAIL = 64;

function field(lines: string[], name: string): string | null {
  const line = lines.find((candidate) => candidate.startsWith(`${name}:`));
  return line ? line.slice(name.length + 1).trim() : null;
}

/**
 * Reads the "Confirmation Code Delivery" boxes out of cognito-local's console output.
 * Returns the deliveries found and whatever trailing text may still be the start of a box.
 */
export function parseCodeDeliveries(buffer: string): { deliveries: CodeDelivery[]; rest: string } {
  const text = buffer.replace(ANSI, '');
  const deliveries: CodeDelivery[] = [];
  const boxes = text.split('Confirmation Code Delivery');
  // Everything before the first marker holds no box; the last part may be incomplete.
  for (const box of boxes.slice(1, -1).concat(isComplete(boxes.at(-1)) && boxes.length > 1 ? [boxes.at(-1)!] : [])) {
    const lines = box
      .split('\n')
      .map((line) => line.replace(/[│╭╮╰╯─]/g, '').trim())
      .filter(Boolean);
    const username = field(lines, 'Username');
    const destination = field(lines, 'Destination');
    const code = field(lines, 'Code');
    if (username && destination && code) deliveries.push({ username, destination, code, subject: field(lines, 'Email Subject') });
  }
  const last = boxes.at(-1) ?? '';
  if (boxes.length === 1) return { deliveries, rest: text.slice(-MARKER_TAIL) }; // the marker may be split across chunks
  return { deliveries, rest: isComplete(last) ? '' : `Confirmation Code Delivery${last}` };
}

function isComplete(box: string | undefined): boolean {
  return box !== undefined && box.includes('╰');
}
