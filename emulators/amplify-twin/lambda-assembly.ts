import fs from 'node:fs';
import path from 'node:path';
import { environment, loadTemplates, resourcesOf, type LoadedTemplate, type TwinIds } from './assembly';
import { evaluate, type CfnEnvironment, type Json } from './cfn';

/** A Node.js Lambda function as the cloud assembly declares it: its bundled code and its environment. */
export interface TwinFunction {
  /** Amplify's friendly name (the `amplify:friendly-name` tag), e.g. post-confirmation. */
  name: string;
  /** The directory of the bundled code (`asset.<hash>` in the assembly) and the `file.export` handler. */
  codeDir: string;
  handler: string;
  environment: Record<string, string>;
}

/** What the twin's Lambda host serves: the trigger functions and the SSM parameters and S3 objects they read at start. */
export interface LambdaAssembly {
  /** The user pool's PostConfirmation trigger, if it has one. */
  postConfirmation: TwinFunction | null;
  /** `AWS::SSM::Parameter` name → value (Amplify's resource references, e.g. the GraphQL endpoint). */
  ssmParameters: Record<string, string>;
  /** Bucket name → the assembly directory whose files a `Custom::CDKBucketDeployment` copies into it. */
  buckets: Record<string, string>;
}

/** Where the deployed values would come from, which the twin knows only once it runs. */
export interface LambdaWiring {
  /** The AppSync URL clients use (the twin's verifying front). */
  graphqlUrl: string;
}

/** A bucket's name in the twin: its logical id, lower-cased (a valid S3 name, stable across synths). */
function bucketName(logicalId: string): string {
  return logicalId.toLowerCase();
}

/** The assembly directory a `<hash>.zip` asset key names (CDK stages assets unzipped as `asset.<hash>`). */
function assetDir(outDir: string, s3Key: string): string {
  const dir = path.join(outDir, `asset.${s3Key.replace(/\.zip$/, '')}`);
  if (!fs.existsSync(dir)) throw new Error(`The cloud assembly lacks ${path.basename(dir)} (asset ${s3Key}).`);
  return dir;
}

function twinEnvironment(ids: TwinIds, loaded: LoadedTemplate, wiring: LambdaWiring): CfnEnvironment {
  const base = environment(ids, loaded);
  return {
    ...base,
    attribute(logicalId, attribute, resource) {
      if (resource?.Type === 'AWS::S3::Bucket' && attribute === 'Ref') return bucketName(logicalId);
      if (resource?.Type === 'AWS::AppSync::GraphQLApi' && attribute === 'GraphQLUrl') return wiring.graphqlUrl;
      return base.attribute(logicalId, attribute, resource);
    },
  };
}

function tagValue(tags: Json | undefined, key: string): string | undefined {
  if (!Array.isArray(tags)) return undefined;
  const tag = tags.find((entry) => (entry as { Key?: string } | null)?.Key === key) as { Value?: string } | undefined;
  return tag?.Value;
}

/**
 * Reads from a synthesized cloud assembly what the user pool's trigger needs to run as Lambda runs it:
 * the function's bundled code and environment, and the SSM parameters and S3 objects its start-up reads
 * (Amplify resolves the data endpoint from SSM and the model schema from S3 at cold start).
 */
export function loadLambdaAssembly(outDir: string, ids: TwinIds, wiring: LambdaWiring): LambdaAssembly {
  const templates = loadTemplates(outDir);
  const ssmParameters: Record<string, string> = {};
  const buckets: Record<string, string> = {};
  let postConfirmationId: string | undefined;
  const functions = new Map<string, TwinFunction>();

  for (const loaded of templates) {
    const env = twinEnvironment(ids, loaded, wiring);
    const props = (properties: Record<string, Json> | undefined) => evaluate(loaded.template, (properties ?? {}) as Json, env) as Record<string, Json>;
    for (const [, resource] of resourcesOf(loaded, 'AWS::SSM::Parameter')) {
      const p = props(resource.Properties);
      ssmParameters[String(p['Name'])] = String(p['Value']);
    }
    for (const [, resource] of resourcesOf(loaded, 'Custom::CDKBucketDeployment')) {
      const p = props(resource.Properties);
      const keys = (p['SourceObjectKeys'] ?? []) as string[];
      // Amplify deploys one asset per bucket (the model introspection schema, the codegen assets).
      if (keys.length === 1) buckets[String(p['DestinationBucketName'])] = assetDir(outDir, keys[0]!);
    }
    for (const [, resource] of resourcesOf(loaded, 'AWS::Cognito::UserPool')) {
      // Read raw: the trigger is `Fn::GetAtt [<function>, Arn]`, and the logical id is what the twin needs.
      const trigger = (resource.Properties?.['LambdaConfig'] as { PostConfirmation?: { 'Fn::GetAtt'?: string[] } } | undefined)?.PostConfirmation;
      postConfirmationId = trigger?.['Fn::GetAtt']?.[0] ?? postConfirmationId;
    }
    for (const [logicalId, resource] of resourcesOf(loaded, 'AWS::Lambda::Function')) {
      const raw = resource.Properties ?? {};
      const runtime = String(raw['Runtime'] ?? '');
      if (!runtime.startsWith('nodejs')) continue;
      const code = raw['Code'] as { S3Key?: string } | undefined;
      if (!code?.S3Key) continue;
      const variables = (props(raw['Environment'] as Record<string, Json> | undefined)['Variables'] ?? {}) as Record<string, Json>;
      functions.set(logicalId, {
        name: tagValue(raw['Tags'], 'amplify:friendly-name') ?? logicalId,
        codeDir: assetDir(outDir, code.S3Key),
        handler: String(raw['Handler'] ?? 'index.handler'),
        environment: Object.fromEntries(Object.entries(variables).map(([key, value]) => [key, String(value)])),
      });
    }
  }
  const postConfirmation = postConfirmationId ? functions.get(postConfirmationId) : undefined;
  if (postConfirmationId && !postConfirmation) throw new Error(`The user pool's PostConfirmation trigger ${postConfirmationId} is not a Node.js function in the assembly.`);
  return { postConfirmation: postConfirmation ?? null, ssmParameters, buckets };
}
