import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/** The parts of amplify_outputs.json (written by `npx ampx sandbox` / pipeline-deploy, or the twin) the server uses. */
const outputsSchema = z.object({
  auth: z.object({ user_pool_id: z.string(), user_pool_client_id: z.string(), aws_region: z.string() }).optional(),
  data: z.object({ url: z.url(), aws_region: z.string() }).optional(),
  // amplify/backend.ts exports the model tables the server writes directly (backend.addOutput).
  custom: z
    .object({
      orderStoreTables: z.object({ order: z.string(), stripeEvent: z.string(), followUp: z.string() }).optional(),
      // The per-day capacity table (lib/adapters/amplify/dynamo-capacity-store.ts).
      capacityTable: z.string().optional(),
    })
    .optional(),
});

export type AmplifyOutputs = z.infer<typeof outputsSchema>;

/** Null when the file is absent; a clear error when it is there but malformed. */
export function readAmplifyOutputs(file: string): AmplifyOutputs | null {
  if (!fs.existsSync(file)) return null;
  const name = path.basename(file);
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`${file} is not JSON: ${(error as Error).message}`);
  }
  const parsed = outputsSchema.safeParse(json);
  if (!parsed.success) throw new Error(`${file} is not what \`npx ampx sandbox\` writes as ${name}: ${parsed.error.message}`);
  return parsed.data;
}
