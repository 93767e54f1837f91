import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { buildSchema, parse, validate } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documents } from '@/lib/adapters/amplify/documents';

/**
 * Synthesizes amplify/backend.ts to CloudFormation offline (no AWS credentials; functions are bundled by
 * the local esbuild) and checks the security-relevant shape of what would be deployed.
 */
const run = promisify(execFile);
const repoRoot = path.resolve(__dirname, '../..');

type Resource = { Type: string; Properties?: Record<string, unknown> };
type TemplateJson = { Resources?: Record<string, Resource> };

let outDir: string;
let templates: { file: string; json: TemplateJson; template: Template }[];
let graphqlSchema: string;

function stackWith(resourceType: string): Template {
  const found = templates.filter(({ json }) => Object.values(json.Resources ?? {}).some((resource) => resource.Type === resourceType));
  if (found.length !== 1) throw new Error(`expected one stack with ${resourceType}, found ${found.length}`);
  return found[0]!.template;
}

function resourcesOfType(resourceType: string): [string, Resource][] {
  return templates.flatMap(({ json }) => Object.entries(json.Resources ?? {}).filter(([, resource]) => resource.Type === resourceType));
}

/** The model tables are Amplify-managed custom resources in Gen 2 (Custom::AmplifyDynamoDBTable). */
function tableFor(model: string): Record<string, unknown> {
  const found = resourcesOfType('Custom::AmplifyDynamoDBTable').filter(([, resource]) =>
    JSON.stringify(resource.Properties?.['tableName'] ?? '').includes(`${model}-`),
  );
  if (found.length !== 1) throw new Error(`expected one table for ${model}, found ${found.length}`);
  return found[0]![1].Properties ?? {};
}

beforeAll(async () => {
  outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'amplify-synth-'));
  await run('npx', ['--no-install', 'tsx', 'amplify/backend.ts'], {
    cwd: repoRoot,
    timeout: 300_000,
    maxBuffer: 16 * 1024 * 1024,
    env: {
      ...process.env,
      CDK_OUTDIR: outDir,
      CDK_CONTEXT_JSON: JSON.stringify({ 'amplify-backend-namespace': 'shop', 'amplify-backend-name': 'test', 'amplify-backend-type': 'sandbox' }),
      // Prove nothing reaches for an AWS account.
      AWS_ACCESS_KEY_ID: '',
      AWS_SECRET_ACCESS_KEY: '',
      AWS_PROFILE: 'no-such-profile-offline-synth',
      SES_FROM_ADDRESS: 'orders@shop.example',
    },
  });
  templates = fs
    .readdirSync(outDir)
    .filter((file) => file.endsWith('.template.json'))
    .map((file) => {
      const json = JSON.parse(fs.readFileSync(path.join(outDir, file), 'utf8')) as TemplateJson;
      return { file, json, template: Template.fromJSON(json) };
    });
  const schemaFile = fs.readdirSync(outDir).find((file) => file.endsWith('.graphql'));
  if (!schemaFile) throw new Error('no GraphQL schema asset in the synth output');
  graphqlSchema = fs.readFileSync(path.join(outDir, schemaFile), 'utf8');
}, 300_000);

afterAll(() => {
  if (outDir) fs.rmSync(outDir, { recursive: true, force: true });
});

describe('Amplify backend (offline synth)', () => {
  it('writes a root stack with nested auth and data stacks', () => {
    expect(templates.filter(({ file }) => file.endsWith('.nested.template.json')).length).toBeGreaterThanOrEqual(2);
  });

  it('signs customers in by email and invites them to /orders as Harvest Table Catering', () => {
    const auth = stackWith('AWS::Cognito::UserPool');
    auth.hasResourceProperties('AWS::Cognito::UserPool', {
      UsernameAttributes: ['email'],
      AutoVerifiedAttributes: ['email'],
      AdminCreateUserConfig: {
        AllowAdminCreateUserOnly: false,
        InviteMessageTemplate: {
          EmailSubject: Match.stringLikeRegexp('Harvest Table Catering'),
          EmailMessage: Match.stringLikeRegexp('Harvest Table Catering.*/orders.*\\{username\\}.*\\{####\\}'),
        },
      },
      LambdaConfig: { PostConfirmation: Match.anyValue() },
    });
    auth.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      ExplicitAuthFlows: Match.arrayWith(['ALLOW_USER_SRP_AUTH', 'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH']),
    });
    auth.hasResourceProperties('AWS::Cognito::UserPoolGroup', { GroupName: 'ADMINS' });
  });

  it('keeps orders, Stripe events (with a TTL), follow-ups and cursors in their own tables', () => {
    expect(tableFor('Order')).toMatchObject({ keySchema: [{ attributeName: 'id', keyType: 'HASH' }] });
    expect(JSON.stringify(tableFor('Order')['globalSecondaryIndexes'])).toMatch(/"attributeName":"email"[\s\S]*"attributeName":"owner"|"attributeName":"owner"[\s\S]*"attributeName":"email"/);
    expect(tableFor('StripeEvent')).toMatchObject({
      keySchema: [{ attributeName: 'id', keyType: 'HASH' }],
      timeToLiveSpecification: { attributeName: 'expiresAt', enabled: true },
    });
    expect(tableFor('FollowUp')).toMatchObject({ keySchema: [{ attributeName: 'key', keyType: 'HASH' }] });
    expect(tableFor('Cursor')).toMatchObject({ keySchema: [{ attributeName: 'name', keyType: 'HASH' }] });
  });

  it('serves the Data API to user-pool tokens and IAM only: no API key anywhere', () => {
    const data = stackWith('AWS::AppSync::GraphQLApi');
    data.hasResourceProperties('AWS::AppSync::GraphQLApi', {
      AuthenticationType: 'AMAZON_COGNITO_USER_POOLS',
      AdditionalAuthenticationProviders: [{ AuthenticationType: 'AWS_IAM' }],
    });
    expect(resourcesOfType('AWS::AppSync::ApiKey')).toEqual([]);
    const everything = templates.map(({ json }) => JSON.stringify(json)).join('\n');
    expect(everything).not.toMatch(/API_KEY/);
    expect(graphqlSchema).not.toMatch(/@aws_api_key/);
  });

  it('gives signed-in users read-only access: owners their orders, admins everything, nobody else events or jobs', () => {
    const typeDirectives = (type: string) => new RegExp(`type ${type} ([^{]*)\\{`).exec(graphqlSchema)?.[1] ?? '';
    for (const type of ['Order', 'StripeEvent', 'FollowUp', 'Cursor']) {
      expect(typeDirectives(type)).toMatch(/@aws_iam/);
      expect(typeDirectives(type)).not.toMatch(/@aws_api_key|@aws_oidc|@aws_lambda/);
    }
    // The generated resolvers' auth steps never mention public (API key) access.
    const resolverCode = fs
      .readdirSync(outDir)
      .filter((file) => file.endsWith('.vtl'))
      .map((file) => fs.readFileSync(path.join(outDir, file), 'utf8'))
      .join('\n');
    expect(resolverCode).toMatch(/IAM Authorization/);
    expect(resolverCode).not.toMatch(/API Key Authorization/);
    // Owner rules name the owner field; groups only ADMINS.
    expect(resolverCode).toMatch(/"entity":"ADMINS"/);
    expect(resolverCode).not.toMatch(/"entity":"(?!ADMINS")[^"]+"/);
  });

  it('limits the post-confirmation function to GraphQL on this API (no wildcards, no direct DynamoDB)', () => {
    const policies = resourcesOfType('AWS::IAM::Policy').filter(([, policy]) => /postconfirmation/i.test(JSON.stringify(policy.Properties?.['Roles'])));
    expect(policies.length).toBeGreaterThan(0);
    const statements = policies.flatMap(
      ([, policy]) => (policy.Properties?.['PolicyDocument'] as { Statement: { Action: string | string[]; Resource: unknown }[] }).Statement,
    );
    const actions = statements.flatMap((statement) => [statement.Action].flat());
    expect(actions).toContain('appsync:GraphQL');
    expect(actions.filter((action) => action.includes('*'))).toEqual([]);
    expect(actions.filter((action) => action.startsWith('dynamodb:'))).toEqual([]);
    for (const statement of statements) {
      expect([statement.Resource].flat()).not.toContain('*');
      if ([statement.Action].flat().includes('appsync:GraphQL')) {
        for (const resource of [statement.Resource].flat()) expect(JSON.stringify(resource)).toMatch(/GraphQLAPI[^"]*","Arn"\]\},"\/types\/(Query|Mutation)\/\*"/);
      }
    }
  });

  it('bundles the post-confirmation handler with the store code, offline', () => {
    const [, fn] = resourcesOfType('AWS::Lambda::Function').find(([, resource]) => /post-confirmation/.test(JSON.stringify(resource.Properties?.['Tags']))) ?? [];
    const s3Key = (fn?.Properties?.['Code'] as { S3Key?: string } | undefined)?.S3Key ?? '';
    const bundle = path.join(outDir, `asset.${s3Key.replace(/\.zip$/, '')}`, 'index.mjs');
    expect(fs.readFileSync(bundle, 'utf8')).toContain('listOrderByEmail');
  });

  it('accepts every GraphQL document the store sends', () => {
    // AppSync's scalars and directives, which a plain GraphQL schema does not declare.
    const appSyncPrelude = `
      scalar AWSJSON scalar AWSDateTime scalar AWSDate scalar AWSTime scalar AWSTimestamp scalar AWSEmail scalar AWSURL scalar AWSPhone scalar AWSIPAddress
      directive @aws_iam on OBJECT | FIELD_DEFINITION
      directive @aws_api_key on OBJECT | FIELD_DEFINITION
      directive @aws_oidc on OBJECT | FIELD_DEFINITION
      directive @aws_lambda on OBJECT | FIELD_DEFINITION
      directive @aws_cognito_user_pools(cognito_groups: [String]) on OBJECT | FIELD_DEFINITION
      directive @aws_subscribe(mutations: [String]) on FIELD_DEFINITION
      directive @aws_auth(cognito_groups: [String]) on FIELD_DEFINITION
`;
    const schema = buildSchema(appSyncPrelude + graphqlSchema);
    for (const [name, document] of Object.entries(documents)) {
      expect(validate(schema, parse(document)).map((error) => `${name}: ${error.message}`)).toEqual([]);
    }
  });
  // Issue 14: reconciliation runs on a schedule the backend defines, not an external cron.
  it('schedules reconciliation every 15 minutes through EventBridge Scheduler, calling the reconcile function', () => {
    const schedules = resourcesOfType('AWS::Scheduler::Schedule');
    expect(schedules).toHaveLength(1);
    const [, schedule] = schedules[0]!;
    expect(schedule.Properties).toMatchObject({ ScheduleExpression: 'cron(*/15 * * * ? *)', State: 'ENABLED' });
    const target = JSON.stringify(schedule.Properties?.['Target']);
    const [functionId] = resourcesOfType('AWS::Lambda::Function').find(([id]) => id.startsWith('reconcileschedule')) ?? [];
    expect(functionId, 'the reconcile-schedule function').toBeTruthy();
    expect(target).toContain(functionId!);
  });
});

// ── Issue 13: the cloud follow-up worker ─────────────────────────────────────────────────────────────
describe('follow-up worker (FollowUp table stream → function)', () => {
  type Statement = { Action: string | string[]; Resource: unknown; Condition?: unknown };
  const workerStatements = (): Statement[] =>
    resourcesOfType('AWS::IAM::Policy')
      .filter(([, policy]) => /followupworker/i.test(JSON.stringify(policy.Properties?.['Roles'])))
      .flatMap(([, policy]) => (policy.Properties?.['PolicyDocument'] as { Statement: Statement[] }).Statement);

  it('is triggered by the FollowUp table stream with partial batch failures and a dead-letter queue', () => {
    expect(tableFor('FollowUp')).toMatchObject({ streamSpecification: { streamViewType: 'NEW_AND_OLD_IMAGES' } });
    const mappings = resourcesOfType('AWS::Lambda::EventSourceMapping');
    expect(mappings).toHaveLength(1);
    const [, mapping] = mappings[0]!;
    const properties = mapping.Properties ?? {};
    expect(JSON.stringify(properties['EventSourceArn'])).toMatch(/FollowUpTable[^"]*TableStreamArn/);
    expect(JSON.stringify(properties['FunctionName'])).toMatch(/followupworker/i);
    expect(properties).toMatchObject({ FunctionResponseTypes: ['ReportBatchItemFailures'], BisectBatchOnFunctionError: true, StartingPosition: 'LATEST' });
    expect(properties['MaximumRetryAttempts']).toBeGreaterThan(0);
    const deadLetter = JSON.stringify((properties['DestinationConfig'] as { OnFailure?: unknown } | undefined)?.OnFailure);
    const [queueId] = resourcesOfType('AWS::SQS::Queue').find(([id]) => deadLetter.includes(id)) ?? [];
    expect(queueId).toMatch(/FollowUpWorkerDeadLetters/);
    // Only pending jobs nobody holds wake it (new ones, and ones released for a retry).
    const pattern = JSON.parse((properties['FilterCriteria'] as { Filters: { Pattern: string }[] }).Filters[0]!.Pattern) as unknown;
    expect(pattern).toEqual({ dynamodb: { NewImage: { status: { S: ['pending'] }, claimToken: { S: [{ exists: false }] } } } });
  });

  it('may touch only the model tables, the user pool’s admin calls it makes, SES as the shop’s sender, and its queue', () => {
    const statements = workerStatements();
    expect(statements.length).toBeGreaterThan(0);
    // Amplify's data access for functions adds the GraphQL API, its SSM parameters and the introspection schema object.
    const allowedPrefixes = ['dynamodb:', 'cognito-idp:Admin', 'ses:SendEmail', 'sqs:', 'appsync:GraphQL', 'ssm:GetParameters', 's3:GetObject'];
    for (const statement of statements) {
      for (const action of [statement.Action].flat()) {
        expect(action, action).not.toContain('*');
        expect(allowedPrefixes.some((prefix) => action.startsWith(prefix)), action).toBe(true);
      }
      const actions = [statement.Action].flat();
      const resources = JSON.stringify([statement.Resource].flat());
      if (actions.some((action) => action.startsWith('cognito-idp:'))) {
        expect(actions.sort()).toEqual(['cognito-idp:AdminCreateUser', 'cognito-idp:AdminGetUser', 'cognito-idp:AdminSetUserPassword']);
        expect(resources).toMatch(/UserPool[^"]*Arn/);
      }
      if (!actions.includes('ses:SendEmail') && !actions.includes('dynamodb:ListStreams')) expect(resources).not.toContain('"*"');
      if (actions.includes('ses:SendEmail')) expect(statement.Condition).toEqual({ StringEquals: { 'ses:FromAddress': 'orders@shop.example' } });
      if (actions.some((action) => action.startsWith('dynamodb:') && action !== 'dynamodb:ListStreams')) {
        expect(resources).toMatch(/(Order|StripeEvent|FollowUp|CapacityEntry)Table/);
        expect(resources).not.toContain('"*"');
      }
    }
    const cognitoActions = statements.flatMap((statement) => [statement.Action].flat()).filter((action) => action.startsWith('cognito-idp:'));
    expect(cognitoActions).not.toContain('cognito-idp:AdminDeleteUser');
  });

  it('bundles the same job code as the local worker, offline', () => {
    const [, fn] = resourcesOfType('AWS::Lambda::Function').find(([, resource]) => /follow-up-worker/.test(JSON.stringify(resource.Properties?.['Tags']))) ?? [];
    expect((fn?.Properties?.['Environment'] as { Variables: Record<string, unknown> }).Variables).toMatchObject({ SES_FROM_ADDRESS: 'orders@shop.example' });
    const s3Key = (fn?.Properties?.['Code'] as { S3Key?: string } | undefined)?.S3Key ?? '';
    const bundle = fs.readFileSync(path.join(outDir, `asset.${s3Key.replace(/\.zip$/, '')}`, 'index.mjs'), 'utf8');
    expect(bundle).toContain('follow-up parked as failed');
    expect(bundle).toContain('order-paid');
  });
});
