/**
 * One Lambda execution environment for the twin (forked by lambda-host.ts with the function's environment):
 * imports the bundled handler once, as a cold start does, then runs one invocation per IPC message.
 * Plain JavaScript so it runs with plain `node`, as Lambda runs the bundle.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [codeDir, handlerSpec] = process.argv.slice(2);
const dot = handlerSpec.lastIndexOf('.');
const exportName = handlerSpec.slice(dot + 1);
const modulePath = path.join(codeDir, `${handlerSpec.slice(0, dot)}.mjs`);

function errorPayload(error) {
  return {
    errorType: error instanceof Error ? error.name : 'Error',
    errorMessage: error instanceof Error ? error.message : String(error),
  };
}

const handlerReady = import(pathToFileURL(modulePath).href).then((module) => {
  const handler = module[exportName];
  if (typeof handler !== 'function') throw new Error(`${modulePath} exports no function ${exportName}`);
  return handler;
});
// Reported per invocation, as Lambda reports an init error; never an unhandled rejection here.
handlerReady.catch(() => undefined);

process.on('message', async ({ id, event }) => {
  try {
    const handler = await handlerReady;
    const result = await handler(event, { functionName: process.env.AWS_LAMBDA_FUNCTION_NAME, awsRequestId: id });
    process.send({ id, ok: true, result: result === undefined ? null : result });
  } catch (error) {
    process.send({ id, ok: false, error: errorPayload(error) });
  }
});
// The parent's IPC channel is the only thing keeping this process; when it goes, so does the environment.
process.on('disconnect', () => process.exit(0));
