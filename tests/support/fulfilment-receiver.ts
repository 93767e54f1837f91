import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { AddressInfo } from 'node:net';

export interface ReceivedDelivery {
  body: string;
  signature: string | null;
  contentType: string | null;
  /** The receiver's clock when the delivery arrived (unix seconds), for the tolerance check. */
  receivedAt: number;
  answered: number;
}

export interface FulfilmentReceiver {
  url: string;
  deliveries: ReceivedDelivery[];
  /** Answers 503 to the next `count` deliveries. */
  failNext(count: number): void;
  /** Resolves once `predicate` holds for the deliveries seen so far (a safety cap only as a net). */
  waitFor(predicate: (deliveries: ReceivedDelivery[]) => boolean, capMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** A fulfilment system's endpoint on a free port: records every POST and can refuse the first few. */
export async function startFulfilmentReceiver(nowSeconds: () => number = () => Math.floor(Date.now() / 1000)): Promise<FulfilmentReceiver> {
  const deliveries: ReceivedDelivery[] = [];
  let failures = 0;
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const answered = failures > 0 ? 503 : 200;
    if (failures > 0) failures--;
    deliveries.push({
      body: Buffer.concat(chunks).toString('utf8'),
      signature: typeof req.headers['harvest-signature'] === 'string' ? req.headers['harvest-signature'] : null,
      contentType: req.headers['content-type'] ?? null,
      receivedAt: nowSeconds(),
      answered,
    });
    res.writeHead(answered, { 'Content-Type': 'text/plain' }).end(answered === 200 ? 'ok' : 'busy');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/harvest`,
    deliveries,
    failNext(count) {
      failures = count;
    },
    async waitFor(predicate, capMs = 30_000) {
      const cap = Date.now() + capMs;
      while (!predicate(deliveries)) {
        if (Date.now() > cap) throw new Error(`receiver condition not met after ${capMs} ms (${deliveries.length} deliveries)`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

export type VerifyHarvestEvent = (rawBody: string, header: string | null, secret: string, toleranceSeconds?: number, nowSeconds?: number) => unknown;

/**
 * The verification recipe exactly as docs/fulfilment-webhooks.md prints it (the ```js verify-recipe block),
 * loaded as a module, so a receiver written from the document is what the tests use.
 */
export async function loadDocumentedVerifier(): Promise<VerifyHarvestEvent> {
  const doc = fs.readFileSync(path.join(process.cwd(), 'docs/fulfilment-webhooks.md'), 'utf8');
  const block = /```js verify-recipe\n([\s\S]*?)```/.exec(doc)?.[1];
  if (!block) throw new Error('docs/fulfilment-webhooks.md has no ```js verify-recipe block');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'harvest-recipe-'));
  const file = path.join(dir, 'verify.mjs');
  fs.writeFileSync(file, block);
  const loaded = (await import(/* @vite-ignore */ pathToFileURL(file).href)) as { verifyHarvestEvent: VerifyHarvestEvent };
  return loaded.verifyHarvestEvent;
}
