import { Duration, Stack } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { FilterCriteria, FilterRule, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IUserPool } from 'aws-cdk-lib/aws-cognito';
import { SES_FROM_ADDRESS } from './resource';
import { DEFAULT_DAILY_CAPACITY_SERVINGS } from '../../../lib/domain/checkout/catering-rules';

/** The parts of the Amplify backend the worker is wired to (kept structural so backend.ts passes itself). */
export interface FollowUpWorkerBackend {
  auth: { resources: { userPool: IUserPool } };
  data: { resources: { tables: Record<string, ITable> } };
  followUpWorker: { resources: { lambda: IFunction }; addEnvironment(name: string, value: string): void };
}

/** Stream records the worker cares about: a pending job that nobody holds (new, or released for a retry). */
const pendingUnclaimed = FilterCriteria.filter({
  dynamodb: { NewImage: { status: { S: FilterRule.isEqual('pending') }, claimToken: { S: FilterRule.notExists() } } },
});

/**
 * Triggers the follow-up worker from the FollowUp table's stream, with partial batch failure reporting and a
 * dead-letter queue, and grants it exactly what the jobs use: the three model tables, the user pool's
 * AdminGetUser / AdminCreateUser / AdminSetUserPassword, and SES SendEmail.
 */
export function wireFollowUpWorker(backend: FollowUpWorkerBackend): void {
  const fn = backend.followUpWorker.resources.lambda;
  const tables = backend.data.resources.tables;
  const table = (name: string): ITable => {
    const found = tables[name];
    if (!found) throw new Error(`The ${name} table is missing from the data stack.`);
    return found;
  };

  const deadLetters = new Queue(Stack.of(fn), 'FollowUpWorkerDeadLetters', {
    retentionPeriod: Duration.days(14),
    encryption: QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
  });
  fn.addEventSource(
    new DynamoEventSource(table('FollowUp'), {
      startingPosition: StartingPosition.LATEST,
      batchSize: 10,
      parallelizationFactor: 10,
      reportBatchItemFailures: true,
      bisectBatchOnError: true,
      retryAttempts: 5,
      maxRecordAge: Duration.hours(6),
      onFailure: new SqsDlq(deadLetters),
      filters: [pendingUnclaimed],
    }),
  );

  for (const name of ['Order', 'StripeEvent', 'FollowUp', 'CapacityEntry']) table(name).grantReadWriteData(fn);
  fn.addToRolePolicy(
    new PolicyStatement({
      actions: ['cognito-idp:AdminGetUser', 'cognito-idp:AdminCreateUser', 'cognito-idp:AdminSetUserPassword'],
      resources: [backend.auth.resources.userPool.userPoolArn],
    }),
  );
  // SES identities are named by address or domain, unknown here: the condition pins the sender instead.
  fn.addToRolePolicy(
    new PolicyStatement({ actions: ['ses:SendEmail'], resources: ['*'], conditions: { StringEquals: { 'ses:FromAddress': SES_FROM_ADDRESS } } }),
  );

  backend.followUpWorker.addEnvironment('USER_POOL_ID', backend.auth.resources.userPool.userPoolId);
  backend.followUpWorker.addEnvironment('ORDER_TABLE_NAME', table('Order').tableName);
  backend.followUpWorker.addEnvironment('STRIPE_EVENT_TABLE_NAME', table('StripeEvent').tableName);
  backend.followUpWorker.addEnvironment('FOLLOW_UP_TABLE_NAME', table('FollowUp').tableName);
  // Capacity jobs: the same build variable the server reads (written into .env.production by amplify.yml).
  backend.followUpWorker.addEnvironment('CAPACITY_TABLE_NAME', table('CapacityEntry').tableName);
  backend.followUpWorker.addEnvironment('DAILY_CAPACITY_SERVINGS', process.env.DAILY_CAPACITY_SERVINGS?.trim() || String(DEFAULT_DAILY_CAPACITY_SERVINGS));
}
