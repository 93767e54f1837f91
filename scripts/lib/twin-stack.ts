import fs from 'node:fs';
import path from 'node:path';
import { startAmplifyTwin, type AmplifyTwin } from '../../emulators/amplify-twin';
import { startTwinFollowUpWorker } from '../../emulators/amplify-twin/follow-up-worker';
import type { RunningFollowUpStream } from '../../emulators/amplify-twin/follow-up-stream';
import type { CodeDelivery } from '../../emulators/cognito/code-deliveries';
import { parseTwinPorts } from '../../lib/config/launch-env';
import { LocalMailbox } from '../../lib/adapters/local/local-mailbox';
import type { MailMessage } from '../../lib/domain/mail/mailer';
import { verificationCodeEmail } from '../../lib/services/mail/templates';
import { startLocalStack, type LocalStack, type LocalStackOptions } from './local-stack';

const say = (line: string) => process.stdout.write(`${line}\n`);

/** The invitation Cognito would email, from the synthesized template (cognito-local only prints the code). */
function invitationEmail(twin: AmplifyTwin, delivery: CodeDelivery): MailMessage {
  const { subject, message } = twin.assembly.userPool.invitation;
  return {
    key: `cognito-invitation:${delivery.username}:${delivery.code}`,
    to: delivery.destination,
    subject: subject || delivery.subject || 'Your temporary password',
    text: message.replaceAll('{username}', delivery.destination).replaceAll('{####}', delivery.code),
  };
}

/**
 * `npm run dev -- --twin` / `npm run preview -- --twin`: the Amplify twin, then the shop in the twin profile
 * against it (Local Stripe as usual). The shop reaches the twin only through the outputs file and the AWS SDK's
 * standard endpoint variables, so its code paths are the cloud's.
 */
export async function startTwinStack(options: LocalStackOptions): Promise<LocalStack> {
  const started = Date.now();
  // Refused (ConfigError naming the variable) before anything starts.
  const ports = parseTwinPorts(process.env);
  const dataDir = path.resolve(process.env.LOCAL_DATA_DIR || '.data');
  if (options.fresh) fs.rmSync(dataDir, { recursive: true, force: true });
  const twinDir = path.join(dataDir, 'twin');
  const mailbox = LocalMailbox.open(path.join(dataDir, 'mailbox.sqlite'));
  let twin: AmplifyTwin | undefined;
  say('Starting the Amplify twin (synth, DynamoDB Local, AppSync simulator, cognito-local)…');
  try {
    twin = await startAmplifyTwin({
      repoRoot: process.cwd(),
      dataDir: twinDir,
      // Shared with the twin test suites: keyed by a hash of amplify/, so a warm start skips the synth.
      synthCacheDir: path.resolve('.data', 'twin-synth-cache'),
      ports: {
        appsync: ports.TWIN_APPSYNC_PORT,
        simulator: ports.TWIN_SIMULATOR_PORT,
        simulatorWs: ports.TWIN_SIMULATOR_WS_PORT,
        dynamodb: ports.TWIN_DYNAMODB_PORT,
        cognito: ports.TWIN_COGNITO_PORT,
        lambda: ports.TWIN_LAMBDA_PORT,
      },
      onDelivery: (delivery) => {
        const current = twin;
        if (!current) return;
        // AdminCreateUser prints the temporary password; a sign-up prints a verification code.
        const mail = delivery.subject === current.assembly.userPool.verification.subject
          ? verificationCodeEmail({ to: delivery.destination, username: delivery.username, code: delivery.code })
          : invitationEmail(current, delivery);
        void mailbox.send(mail);
      },
    });
  } catch (error) {
    await mailbox.close();
    throw error;
  }
  const runningTwin = twin;
  let shop: LocalStack;
  try {
    shop = await startShop(runningTwin, options, started);
  } catch (error) {
    // Leave nothing running behind a failed start.
    await runningTwin.stop();
    await mailbox.close();
    throw error;
  }
  let worker: RunningFollowUpStream;
  try {
    // The cloud's follow-up worker as Lambda runs it, fed by the FollowUp table's stream.
    worker = await startTwinFollowUpWorker(runningTwin, {
      mailer: mailbox,
      siteUrl: shop.shopUrl,
      // The same hand-off settings the shop's server reads, as the deployed function would get them.
      fulfilmentWebhook:
        process.env.FULFILMENT_WEBHOOK_URL && process.env.FULFILMENT_WEBHOOK_SECRET
          ? { url: process.env.FULFILMENT_WEBHOOK_URL, secret: process.env.FULFILMENT_WEBHOOK_SECRET }
          : null,
      onError: (error) => say(`Follow-up stream worker: ${error instanceof Error ? error.message : String(error)}`),
    });
  } catch (error) {
    await shop.stop();
    await runningTwin.stop();
    await mailbox.close();
    throw error;
  }
  say(`Follow-ups:   the Lambda worker runs on the FollowUp table's stream (${runningTwin.tables.followUp})`);
  say(`Mailbox:      ${shop.shopUrl}/dev/mailbox  (Cognito's invitations and the shop's emails land here)`);
  return {
    shopUrl: shop.shopUrl,
    async stop() {
      await worker.stop();
      await shop.stop();
      await runningTwin.stop();
      await mailbox.close();
    },
  };
}

/** Points the shop at the running twin (outputs file, SDK endpoints, JWKS reroute) and starts it. */
async function startShop(runningTwin: AmplifyTwin, options: LocalStackOptions, started: number): Promise<LocalStack> {
  // The twin profile reads TWIN_OUTPUTS_FILE (never the developer's amplify_outputs.json).
  const outputsFile = process.env.TWIN_OUTPUTS_FILE ? path.resolve(process.env.TWIN_OUTPUTS_FILE) : runningTwin.outputsFile;
  if (outputsFile !== runningTwin.outputsFile) {
    fs.mkdirSync(path.dirname(outputsFile), { recursive: true });
    fs.copyFileSync(runningTwin.outputsFile, outputsFile);
  }
  say(`Twin AppSync: ${runningTwin.graphqlUrl}  (Amplify's resolvers; IAM and user-pool tokens verified)`);
  say(`Twin DynamoDB: ${runningTwin.dynamodbEndpoint}  (tables ${Object.values(runningTwin.tables).join(', ')})`);
  say(`Twin Cognito: ${runningTwin.cognitoEndpoint}  (user pool ${runningTwin.userPoolId}, client ${runningTwin.clientId})`);
  say(`Twin Lambda:  ${runningTwin.lambdaEndpoint}  (the user pool's post-confirmation trigger, run from the synthesized bundle)`);
  say(`Twin outputs: ${outputsFile}`);
  say(`Twin ready in ${((Date.now() - started) / 1000).toFixed(1)} s (${Object.entries(runningTwin.timings).map(([piece, ms]) => `${piece} ${(ms / 1000).toFixed(1)} s`).join(', ')})`);

  Object.assign(process.env, {
    APP_PROFILE: 'twin',
    TWIN_OUTPUTS_FILE: outputsFile,
    AWS_REGION: runningTwin.region,
    AWS_ACCESS_KEY_ID: runningTwin.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: runningTwin.credentials.secretAccessKey,
    AWS_ENDPOINT_URL_DYNAMODB: runningTwin.dynamodbEndpoint,
    AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: runningTwin.cognitoEndpoint,
    TWIN_COGNITO_ORIGIN: runningTwin.cognitoEndpoint,
    TWIN_USER_POOL_ID: runningTwin.userPoolId,
    NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require ${path.resolve(__dirname, '../../emulators/amplify-twin/jwks-reroute.cjs')}`.trim(),
  });
  delete process.env.AWS_SESSION_TOKEN;
  delete process.env.AWS_PROFILE;

  // As in the design card's cloud workflow (`npx ampx sandbox` + `stripe listen`), webhooks reach the shop
  // through the official Stripe CLI unless `--no-stripe-listen` asks for Local Stripe's direct delivery.
  return startLocalStack({ ...options, fresh: false, stripeListen: options.stripeListen ?? true });
}
