import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/** The parts of amplify_outputs.json (written by `npx ampx sandbox` / pipeline-deploy) the server uses. */
const outputsSchema = z.object({
  auth: z.object({ user_pool_id: z.string(), user_pool_client_id: z.string(), aws_region: z.string() }).optional(),
  data: z.object({ url: z.url(), aws_region: z.string() }).optional(),
  // amplify/backend.ts exports the model tables the server writes directly (backend.addOutput).
  custom: z.object({ orderStoreTables: z.object({ order: z.string(), stripeEvent: z.string(), followUp: z.string() }).optional() }).optional(),
});

export type AmplifyOutputs = z.infer<typeof outputsSchema>;

export const AMPLIFY_OUTPUTS_FILE = 'amplify_outputs.json';

/** Null when the file is absent (local mode); a clear error when it is there but malformed. */
export function readAmplifyOutputs(directory = process.cwd()): AmplifyOutputs | null {
  const file = path.join(directory, AMPLIFY_OUTPUTS_FILE);
  if (!fs.existsSync(file)) return null;
  const parsed = outputsSchema.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`${AMPLIFY_OUTPUTS_FILE} is not what \`npx ampx sandbox\` writes: ${parsed.error.message}`);
  return parsed.data;
}
