import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { BodyTooLargeError, readChunksWithLimit } from '../../common/http/read-body';
import { stopChild } from '../child-process';
import type { LambdaAssembly, TwinFunction } from './lambda-assembly';
import { verifySigV4, type IamPrincipal } from './sigv4';

export interface LambdaHostOptions {
  port: number;
  region: string;
  assembly: LambdaAssembly;
  /** The twin's IAM principal: every call must be signed with it, and functions run with it. */
  credentials: IamPrincipal;
}

export interface RunningLambdaHost {
  endpoint: string;
  /** The name cognito-local invokes for PostConfirmation, if the pool has the trigger. */
  postConfirmation: string | null;
  stop(): Promise<void>;
}

type Invocation = { ok: true; result: unknown } | { ok: false; error: { errorType: string; errorMessage: string } };

/** Lambda's own payload limit for a synchronous invocation (6 MB); trigger events are far smaller. */
const MAX_BODY = 6 * 1024 * 1024;

/** Lambda sets no NODE_ENV; Next's typing of ProcessEnv requires one, so the type is asserted here only. */
const lambdaEnvironment = (variables: Record<string, string>) => variables as NodeJS.ProcessEnv;

/**
 * One function's execution environment: a Node process running the bundled code from the assembly with
 * the function's environment (plus what Lambda itself sets), started on the first invocation (a cold start)
 * and reused after. Its AWS calls go to the twin (SSM, S3 via the host; AppSync via the outputs' URL).
 */
function functionRunner(fn: TwinFunction, options: { region: string; credentials: IamPrincipal; awsEndpoint: string }) {
  let child: ChildProcess | null = null;
  let next = 0;
  const waiting = new Map<string, (invocation: Invocation) => void>();

  const start = (): ChildProcess => {
    const started = fork(path.join(__dirname, 'lambda-runtime.mjs'), [fn.codeDir, fn.handler], {
      // A clean environment, as Lambda's: nothing from the developer's shell (AWS_PROFILE, NODE_OPTIONS…).
      env: lambdaEnvironment({
        PATH: process.env.PATH ?? '',
        TZ: 'UTC',
        ...fn.environment,
        AWS_REGION: options.region,
        AWS_DEFAULT_REGION: options.region,
        AWS_ACCESS_KEY_ID: options.credentials.accessKeyId,
        AWS_SECRET_ACCESS_KEY: options.credentials.secretAccessKey,
        AWS_SESSION_TOKEN: 'twin-session-token',
        AWS_LAMBDA_FUNCTION_NAME: fn.name,
        AWS_ENDPOINT_URL_SSM: options.awsEndpoint,
        AWS_ENDPOINT_URL_S3: options.awsEndpoint,
      }),
      execArgv: ['--enable-source-maps'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    started.on('message', (message: { id: string } & Invocation) => {
      waiting.get(message.id)?.(message);
      waiting.delete(message.id);
    });
    started.on('exit', (code) => {
      // A crashed environment fails what it held; the next invocation starts a fresh one.
      for (const resolve of waiting.values()) resolve({ ok: false, error: { errorType: 'Runtime.ExitError', errorMessage: `exited with ${code}` } });
      waiting.clear();
      if (child === started) child = null;
    });
    return started;
  };

  return {
    invoke(event: unknown): Promise<Invocation> {
      child ??= start();
      const id = `twin-${fn.name}-${++next}`;
      const running = child;
      return new Promise((resolve) => {
        waiting.set(id, resolve);
        running.send({ id, event });
      });
    },
    async stop() {
      if (child) await stopChild(child, 3000);
      child = null;
    },
  };
}

function send(response: http.ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(body);
}

/** SSM's JSON protocol: GetParameters is all Amplify's cold start calls. */
function ssmGetParameters(parameters: Record<string, string>, body: string): string {
  const names = ((JSON.parse(body || '{}') as { Names?: string[] }).Names ?? []);
  return JSON.stringify({
    Parameters: names.filter((name) => name in parameters).map((name) => ({ Name: name, Value: parameters[name], Type: 'String', Version: 1 })),
    InvalidParameters: names.filter((name) => !(name in parameters)),
  });
}

/** S3 GetObject, path style: /<bucket>/<key> from the bucket's deployed assembly directory. */
function s3Object(buckets: Record<string, string>, pathname: string): Buffer | null {
  const [, bucket, ...key] = decodeURIComponent(pathname).split('/');
  const dir = bucket ? buckets[bucket] : undefined;
  if (!dir || key.length === 0) return null;
  const file = path.resolve(dir, ...key);
  if (!file.startsWith(`${dir}${path.sep}`) || !fs.existsSync(file)) return null;
  return fs.readFileSync(file);
}

/**
 * The AWS services the user pool's trigger needs, on one local endpoint: Lambda Invoke (cognito-local calls
 * it for PostConfirmation, as Cognito calls Lambda), and the SSM parameters and S3 object Amplify's function
 * runtime reads at cold start. Every request must carry a valid SigV4 signature of the twin's principal.
 */
export async function startLambdaHost(options: LambdaHostOptions): Promise<RunningLambdaHost> {
  const endpoint = `http://127.0.0.1:${options.port}`;
  const runners = new Map<string, ReturnType<typeof functionRunner>>();
  const trigger = options.assembly.postConfirmation;
  if (trigger) runners.set(trigger.name, functionRunner(trigger, { region: options.region, credentials: options.credentials, awsEndpoint: endpoint }));

  async function handle(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    const body = await readChunksWithLimit(request, request.headers['content-length'], MAX_BODY);
    const url = new URL(request.url ?? '/', endpoint);
    const check = await verifySigV4({ method: request.method ?? 'GET', path: request.url ?? '/', headers: request.headers, body }, [options.credentials]);
    if (!check.ok) return send(response, 403, JSON.stringify({ __type: 'UnrecognizedClientException', message: check.reason }));

    const invoke = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/.exec(url.pathname);
    if (request.method === 'POST' && invoke) {
      const name = decodeURIComponent(invoke[1]!).split(':').at(-1)!;
      const runner = runners.get(name);
      if (!runner) return send(response, 404, JSON.stringify({ Type: 'User', Message: `Function not found: ${name}` }), { 'x-amzn-errortype': 'ResourceNotFoundException' });
      const outcome = await runner.invoke(JSON.parse(body) as unknown);
      // As Lambda: 200 either way; a thrown error is the payload, flagged by X-Amz-Function-Error.
      return outcome.ok
        ? send(response, 200, JSON.stringify(outcome.result))
        : send(response, 200, JSON.stringify(outcome.error), { 'x-amz-function-error': 'Unhandled' });
    }
    if (request.method === 'POST' && request.headers['x-amz-target'] === 'AmazonSSM.GetParameters') {
      return send(response, 200, ssmGetParameters(options.assembly.ssmParameters, body), { 'content-type': 'application/x-amz-json-1.1' });
    }
    if (request.method === 'GET') {
      const object = s3Object(options.assembly.buckets, url.pathname);
      if (object) {
        response.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': object.byteLength });
        response.end(object);
        return;
      }
      response.writeHead(404, { 'content-type': 'application/xml' });
      response.end('<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>');
      return;
    }
    send(response, 400, JSON.stringify({ message: `The twin's Lambda host does not serve ${request.method} ${url.pathname}` }));
  }

  const server = http.createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (response.headersSent) return response.destroy();
      send(response, error instanceof BodyTooLargeError ? 413 : 500, JSON.stringify({ message: String(error) }));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  return {
    endpoint,
    postConfirmation: trigger?.name ?? null,
    async stop() {
      await Promise.all([...runners.values()].map((runner) => runner.stop()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
