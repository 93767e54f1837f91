/**
 * Just enough CloudFormation to read what `amplify/backend.ts` synthesizes: the intrinsic functions
 * its nested stacks use, evaluated against the twin's fixed ids instead of a deployment's.
 */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

export interface CfnResource {
  Type: string;
  Properties?: Record<string, Json>;
}

export interface CfnTemplate {
  Parameters?: Record<string, { Default?: Json }>;
  Conditions?: Record<string, Json>;
  Resources?: Record<string, CfnResource>;
}

export interface CfnEnvironment {
  region: string;
  accountId: string;
  /** The value of a parameter the parent stack would pass (the twin names its own ids). */
  parameter(name: string): string | undefined;
  /** `Fn::GetAtt` of a resource in the same template. */
  attribute(logicalId: string, attribute: string, resource: CfnResource | undefined): string;
}

/** Thrown for any construct this evaluator does not know, so a changed template fails loudly. */
export class UnsupportedCfn extends Error {}

const NO_VALUE = Symbol('AWS::NoValue');

export function evaluate(template: CfnTemplate, node: Json, env: CfnEnvironment): Json {
  const value = evaluateNode(template, node, env);
  return value === NO_VALUE ? null : value;
}

function evaluateNode(template: CfnTemplate, node: Json, env: CfnEnvironment): Json | typeof NO_VALUE {
  if (Array.isArray(node)) return node.map((item) => evaluateNode(template, item, env)).filter((item): item is Json => item !== NO_VALUE);
  if (node === null || typeof node !== 'object') return node;
  const keys = Object.keys(node);
  if (keys.length === 1 && (keys[0] === 'Ref' || keys[0]!.startsWith('Fn::') || keys[0] === 'Condition')) {
    return intrinsic(template, keys[0]!, node[keys[0]!]!, env);
  }
  const out: Record<string, Json> = {};
  for (const [key, child] of Object.entries(node)) {
    const value = evaluateNode(template, child, env);
    if (value !== NO_VALUE) out[key] = value;
  }
  return out;
}

function str(template: CfnTemplate, node: Json, env: CfnEnvironment): string {
  const value = evaluate(template, node, env);
  if (typeof value !== 'string' && typeof value !== 'number') throw new UnsupportedCfn(`expected a string, got ${JSON.stringify(value)}`);
  return String(value);
}

function ref(template: CfnTemplate, name: string, env: CfnEnvironment): string | typeof NO_VALUE {
  switch (name) {
    case 'AWS::Region':
      return env.region;
    case 'AWS::AccountId':
      return env.accountId;
    case 'AWS::Partition':
      return 'aws';
    case 'AWS::URLSuffix':
      return 'amazonaws.com';
    case 'AWS::StackName':
      return 'amplify-twin';
    case 'AWS::NoValue':
      return NO_VALUE;
  }
  const given = env.parameter(name);
  if (given !== undefined) return given;
  const declared = template.Parameters?.[name];
  if (declared && declared.Default !== undefined) return String(declared.Default);
  if (template.Resources?.[name]) return env.attribute(name, 'Ref', template.Resources[name]);
  throw new UnsupportedCfn(`no value for Ref ${name}`);
}

function condition(template: CfnTemplate, name: string, env: CfnEnvironment): boolean {
  const definition = template.Conditions?.[name];
  if (definition === undefined) throw new UnsupportedCfn(`unknown condition ${name}`);
  return evaluate(template, definition, env) === true;
}

function intrinsic(template: CfnTemplate, name: string, args: Json, env: CfnEnvironment): Json | typeof NO_VALUE {
  const list = (): Json[] => {
    if (!Array.isArray(args)) throw new UnsupportedCfn(`${name} expects a list`);
    return args;
  };
  switch (name) {
    case 'Ref':
      return ref(template, String(args), env);
    case 'Condition':
      return condition(template, String(args), env);
    case 'Fn::GetAtt': {
      const [logicalId, attribute] = Array.isArray(args) ? args.map(String) : String(args).split('.');
      return env.attribute(logicalId!, attribute!, template.Resources?.[logicalId!]);
    }
    case 'Fn::Join': {
      const [separator, parts] = list();
      const values = evaluate(template, parts!, env);
      if (!Array.isArray(values)) throw new UnsupportedCfn('Fn::Join expects a list');
      return values.map((value) => String(value)).join(String(separator));
    }
    case 'Fn::Split': {
      const [separator, source] = list();
      return str(template, source!, env).split(String(separator));
    }
    case 'Fn::Select': {
      const [index, source] = list();
      const values = evaluate(template, source!, env);
      if (!Array.isArray(values)) throw new UnsupportedCfn('Fn::Select expects a list');
      const chosen = values[Number(evaluate(template, index!, env))];
      if (chosen === undefined) throw new UnsupportedCfn('Fn::Select index out of range');
      return chosen;
    }
    case 'Fn::Sub': {
      const [text, variables] = typeof args === 'string' ? [args, {}] : list();
      const given = (variables ?? {}) as Record<string, Json>;
      return String(text).replace(/\$\{([^}!]+)\}/g, (_, variable: string) => {
        if (variable in given) return str(template, given[variable]!, env);
        if (variable.includes('.')) {
          const [logicalId, attribute] = variable.split('.');
          return env.attribute(logicalId!, attribute!, template.Resources?.[logicalId!]);
        }
        const value = ref(template, variable, env);
        if (value === NO_VALUE) throw new UnsupportedCfn(`Fn::Sub of AWS::NoValue`);
        return value;
      });
    }
    case 'Fn::If': {
      const [conditionName, whenTrue, whenFalse] = list();
      return evaluateNode(template, condition(template, String(conditionName), env) ? whenTrue! : whenFalse!, env);
    }
    case 'Fn::Equals': {
      const [a, b] = list();
      return JSON.stringify(evaluate(template, a!, env)) === JSON.stringify(evaluate(template, b!, env));
    }
    case 'Fn::Not':
      return evaluate(template, list()[0]!, env) !== true;
    case 'Fn::And':
      return list().every((item) => evaluate(template, item, env) === true);
    case 'Fn::Or':
      return list().some((item) => evaluate(template, item, env) === true);
    default:
      throw new UnsupportedCfn(`unsupported intrinsic ${name}`);
  }
}
