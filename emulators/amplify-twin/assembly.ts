import fs from 'node:fs';
import path from 'node:path';
import { evaluate, UnsupportedCfn, type CfnEnvironment, type CfnResource, type CfnTemplate, type Json } from './cfn';

/** The ids a deployment would assign; the twin fixes its own. */
export interface TwinIds {
  apiId: string;
  region: string;
  accountId: string;
  userPoolId: string;
}

export interface MappingTemplate {
  path: string;
  content: string;
}

export interface PipelineResolver {
  kind: 'PIPELINE';
  typeName: string;
  fieldName: string;
  functions: string[];
  requestMappingTemplateLocation: string;
  responseMappingTemplateLocation: string;
}

export interface PipelineFunction {
  name: string;
  dataSourceName: string;
  requestMappingTemplateLocation: string;
  responseMappingTemplateLocation: string;
}

export interface DataSource {
  name: string;
  type: 'AMAZON_DYNAMODB' | 'NONE';
  tableName?: string;
}

/** A model table as `Custom::AmplifyDynamoDBTable` declares it (keys, GSIs, stream, TTL). */
export interface TableSpec {
  model: string;
  tableName: string;
  keySchema: { attributeName: string; keyType: 'HASH' | 'RANGE' }[];
  attributeDefinitions: { attributeName: string; attributeType: 'S' | 'N' | 'B' }[];
  globalSecondaryIndexes: {
    indexName: string;
    keySchema: { attributeName: string; keyType: 'HASH' | 'RANGE' }[];
    projection: { projectionType: 'ALL' | 'KEYS_ONLY' | 'INCLUDE'; nonKeyAttributes?: string[] };
  }[];
  streamViewType: 'NEW_IMAGE' | 'OLD_IMAGE' | 'NEW_AND_OLD_IMAGES' | 'KEYS_ONLY' | null;
  timeToLiveAttribute: string | null;
}

/** What the twin's cognito-local needs from the synthesized user pool. */
export interface UserPoolSpec {
  usernameAttributes: string[];
  autoVerifiedAttributes: string[];
  explicitAuthFlows: string[];
  groups: string[];
  invitation: { subject: string; message: string };
  verification: { subject: string; message: string };
  hasPostConfirmationTrigger: boolean;
}

export interface BackendAssembly {
  schema: string;
  mappingTemplates: MappingTemplate[];
  resolvers: PipelineResolver[];
  functions: PipelineFunction[];
  dataSources: DataSource[];
  tables: TableSpec[];
  userPool: UserPoolSpec;
}

export interface LoadedTemplate {
  file: string;
  template: CfnTemplate;
}

export function resourcesOf(loaded: LoadedTemplate, type: string): [string, CfnResource][] {
  return Object.entries(loaded.template.Resources ?? {}).filter(([, resource]) => resource.Type === type);
}

/** Resolves the parameters a parent stack would pass into the nested data/auth stacks. */
function parameterFor(ids: TwinIds, name: string): string | undefined {
  if (name.includes('GraphQLAPI') && name.endsWith('ApiId')) return ids.apiId;
  if (name.includes('NONEDS')) return 'NONE_DS';
  if (name.includes('UserPool')) return ids.userPoolId;
  if (name.includes('unauthenticatedUserRole')) return 'twin-unauth-role';
  if (name.includes('authenticatedUserRole')) return 'twin-auth-role';
  if (name.includes('IdentityPool')) return `${ids.region}:00000000-0000-0000-0000-000000000000`;
  if (name.includes('TableManager')) return 'twin-table-manager';
  return undefined;
}

export function environment(ids: TwinIds, loaded: LoadedTemplate): CfnEnvironment {
  const env: CfnEnvironment = {
    region: ids.region,
    accountId: ids.accountId,
    parameter: (name) => parameterFor(ids, name),
    attribute(logicalId, attribute, resource) {
      if (!resource) throw new UnsupportedCfn(`${loaded.file}: GetAtt of unknown resource ${logicalId}`);
      const props = resource.Properties ?? {};
      if (resource.Type === 'Custom::AmplifyDynamoDBTable') {
        const tableName = String(evaluate(loaded.template, props['tableName']!, env));
        const arn = `arn:aws:dynamodb:${ids.region}:${ids.accountId}:table/${tableName}`;
        if (attribute === 'TableArn') return arn;
        if (attribute === 'TableStreamArn') return `${arn}/stream/twin`;
        if (attribute === 'TableName' || attribute === 'Ref') return tableName;
      }
      if (resource.Type === 'AWS::Cognito::UserPool' && attribute === 'Ref') return ids.userPoolId;
      if ((attribute === 'FunctionId' || attribute === 'Name') && typeof props['Name'] === 'string') return props['Name'];
      return `arn:aws:twin:${ids.region}:${ids.accountId}:${logicalId}/${attribute}`;
    },
  };
  return env;
}

/** The asset file a template's `s3://…/<hash>.<ext>` location points at, read from the assembly. */
function assetText(outDir: string, location: string): string {
  const file = path.join(outDir, `asset.${path.posix.basename(location)}`);
  if (!fs.existsSync(file)) throw new Error(`The cloud assembly lacks ${path.basename(file)} (named by ${location}).`);
  return fs.readFileSync(file, 'utf8');
}

export function loadTemplates(outDir: string): LoadedTemplate[] {
  return fs
    .readdirSync(outDir)
    .filter((file) => file.endsWith('.template.json'))
    .map((file) => ({ file, template: JSON.parse(fs.readFileSync(path.join(outDir, file), 'utf8')) as CfnTemplate }));
}

/**
 * Reads the GraphQL schema, the VTL pipeline resolvers and functions, the data sources, the model tables
 * and the user pool from a synthesized cloud assembly (CDK_OUTDIR of `amplify/backend.ts`).
 */
export function loadBackendAssembly(outDir: string, ids: TwinIds): BackendAssembly {
  const templates = loadTemplates(outDir);
  const mappingTemplates: MappingTemplate[] = [];
  const resolvers: PipelineResolver[] = [];
  const functions: PipelineFunction[] = [];
  const dataSources: DataSource[] = [];
  const tables: TableSpec[] = [];
  let schema: string | undefined;
  let userPool: UserPoolSpec | undefined;

  /** A template given inline or as an S3 asset, registered under a stable path. */
  const mapping = (loaded: LoadedTemplate, props: Record<string, Json>, which: 'Request' | 'Response', name: string): string => {
    const env = environment(ids, loaded);
    const inline = props[`${which}MappingTemplate`];
    const location = props[`${which}MappingTemplateS3Location`];
    const content =
      inline !== undefined ? String(evaluate(loaded.template, inline, env)) : location !== undefined ? assetText(outDir, String(evaluate(loaded.template, location, env))) : null;
    if (content === null) throw new Error(`${name} has no ${which.toLowerCase()} mapping template`);
    const templatePath = `${name}.${which === 'Request' ? 'req' : 'res'}.vtl`;
    mappingTemplates.push({ path: templatePath, content });
    return templatePath;
  };

  for (const loaded of templates) {
    const env = environment(ids, loaded);
    const props = (resource: CfnResource) => evaluate(loaded.template, (resource.Properties ?? {}) as Json, env) as Record<string, Json>;
    const raw = (resource: CfnResource) => (resource.Properties ?? {}) as Record<string, Json>;

    for (const [, resource] of resourcesOf(loaded, 'AWS::AppSync::GraphQLSchema')) {
      const location = props(resource)['DefinitionS3Location'];
      schema = location ? assetText(outDir, String(location)) : String(props(resource)['Definition']);
    }
    for (const [, resource] of resourcesOf(loaded, 'AWS::AppSync::DataSource')) {
      const p = props(resource);
      const type = String(p['Type']);
      if (type !== 'AMAZON_DYNAMODB' && type !== 'NONE') throw new Error(`The twin has no ${type} data source (${String(p['Name'])}).`);
      const dynamo = p['DynamoDBConfig'] as { TableName?: string } | undefined;
      dataSources.push({ name: String(p['Name']), type, ...(dynamo?.TableName ? { tableName: dynamo.TableName } : {}) });
    }
    for (const [, resource] of resourcesOf(loaded, 'AWS::AppSync::FunctionConfiguration')) {
      const p = props(resource);
      const name = String(p['Name']);
      if (p['Runtime'] || p['Code'] || p['CodeS3Location']) throw new Error(`${name} is an APPSYNC_JS function; the simulator runs only VTL.`);
      functions.push({
        name,
        dataSourceName: String(p['DataSourceName']),
        requestMappingTemplateLocation: mapping(loaded, raw(resource), 'Request', `fn.${name}`),
        responseMappingTemplateLocation: mapping(loaded, raw(resource), 'Response', `fn.${name}`),
      });
    }
    for (const [logicalId, resource] of resourcesOf(loaded, 'AWS::AppSync::Resolver')) {
      const p = props(resource);
      if (p['Kind'] !== 'PIPELINE') throw new Error(`${logicalId} is a ${String(p['Kind'])} resolver; Gen 2 synthesizes pipelines only.`);
      const typeName = String(p['TypeName']);
      const fieldName = String(p['FieldName']);
      const pipeline = (p['PipelineConfig'] as { Functions?: Json[] } | undefined)?.Functions ?? [];
      resolvers.push({
        kind: 'PIPELINE',
        typeName,
        fieldName,
        functions: pipeline.map(String),
        requestMappingTemplateLocation: mapping(loaded, raw(resource), 'Request', `resolver.${typeName}.${fieldName}`),
        responseMappingTemplateLocation: mapping(loaded, raw(resource), 'Response', `resolver.${typeName}.${fieldName}`),
      });
    }
    for (const [logicalId, resource] of resourcesOf(loaded, 'Custom::AmplifyDynamoDBTable')) {
      tables.push(tableSpec(logicalId, props(resource)));
    }
    const pools = resourcesOf(loaded, 'AWS::Cognito::UserPool');
    if (pools.length > 0) userPool = userPoolSpec(loaded, env, pools[0]![1]);
  }

  if (!schema) throw new Error('The cloud assembly has no AppSync schema: is amplify/data/resource.ts part of the backend?');
  if (!userPool) throw new Error('The cloud assembly has no Cognito user pool: is amplify/auth/resource.ts part of the backend?');
  return { schema, mappingTemplates, resolvers, functions, dataSources, tables, userPool };
}

function tableSpec(logicalId: string, p: Record<string, Json>): TableSpec {
  const stream = p['streamSpecification'] as { streamViewType?: TableSpec['streamViewType'] } | undefined;
  const ttl = p['timeToLiveSpecification'] as { attributeName?: string; enabled?: boolean } | undefined;
  const tableName = String(p['tableName']);
  return {
    model: tableName.split('-')[0] ?? logicalId,
    tableName,
    keySchema: p['keySchema'] as TableSpec['keySchema'],
    attributeDefinitions: p['attributeDefinitions'] as TableSpec['attributeDefinitions'],
    globalSecondaryIndexes: ((p['globalSecondaryIndexes'] ?? []) as TableSpec['globalSecondaryIndexes']).map(({ indexName, keySchema, projection }) => ({
      indexName,
      keySchema,
      projection,
    })),
    streamViewType: stream?.streamViewType ?? null,
    timeToLiveAttribute: ttl?.enabled ? (ttl.attributeName ?? null) : null,
  };
}

function userPoolSpec(loaded: LoadedTemplate, env: CfnEnvironment, pool: CfnResource): UserPoolSpec {
  const p = evaluate(loaded.template, (pool.Properties ?? {}) as Json, env) as Record<string, Json>;
  const admin = (p['AdminCreateUserConfig'] ?? {}) as { InviteMessageTemplate?: { EmailSubject?: string; EmailMessage?: string } };
  const verification = (p['VerificationMessageTemplate'] ?? {}) as { EmailSubject?: string; EmailMessage?: string };
  const clients = resourcesOf(loaded, 'AWS::Cognito::UserPoolClient').map(([, client]) => evaluate(loaded.template, (client.Properties ?? {}) as Json, env) as Record<string, Json>);
  const groups = resourcesOf(loaded, 'AWS::Cognito::UserPoolGroup').map(([, group]) => String((group.Properties ?? {})['GroupName']));
  return {
    usernameAttributes: (p['UsernameAttributes'] ?? []) as string[],
    autoVerifiedAttributes: (p['AutoVerifiedAttributes'] ?? []) as string[],
    explicitAuthFlows: ((clients[0]?.['ExplicitAuthFlows'] ?? []) as string[]),
    groups,
    invitation: { subject: admin.InviteMessageTemplate?.EmailSubject ?? '', message: admin.InviteMessageTemplate?.EmailMessage ?? '' },
    verification: { subject: verification.EmailSubject ?? '', message: verification.EmailMessage ?? '' },
    hasPostConfirmationTrigger: Boolean((p['LambdaConfig'] as Record<string, Json> | undefined)?.['PostConfirmation']),
  };
}
