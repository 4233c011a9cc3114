/** Shared by the infra tests: a deploy config, a stack built once, template walkers. */
import { Template } from 'aws-cdk-lib/assertions';
import { CfnResource, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { buildApp, type BuiltApp } from '../../infra/build.js';
import type { DeployConfigInput } from '../../infra/config.js';

export const TEST_CONFIG: DeployConfigInput = {
  stackName: 'FunnelTest',
  alertEmails: ['oncall@example.com'],
  schedule: { timezone: 'Europe/Zurich', dailyAt: '05:30', weeklyReportDay: 'MON', weeklyReportAt: '07:15' },
  importSources: ['csv'],
  funnel: {
    timezone: 'Europe/Zurich',
    fxRates: { USD: 0.9 },
    sources: { hubspot: {}, salesforce: { secret: 'sfdc' }, pipedrive: { enabled: false } },
  },
};

/** The stack without bundling (`aws:cdk:bundling-stacks: []`): the template is the same but for asset hashes. */
export function buildUnbundled(config: DeployConfigInput = TEST_CONFIG): BuiltApp & { template: Template } {
  const built = buildApp({ config, context: { 'aws:cdk:bundling-stacks': [] } });
  return { ...built, template: Template.fromStack(built.stack) };
}

export type Json = Record<string, unknown>;

export function resources(template: Template, type: string): [string, Json][] {
  return Object.entries(template.findResources(type)) as [string, Json][];
}

export function props(resource: Json): Json {
  return (resource.Properties ?? {}) as Json;
}

/**
 * The resources (rendered, see `render`) that the IAM policies of the construct whose logical ids
 * start with `idPrefix` allow `action` on. A large policy is split by the CDK into the role's
 * default policy and overflow managed policies: both are read.
 */
export function policyResources(template: Template, idPrefix: string): (action: string) => string[] {
  const statements = [...resources(template, 'AWS::IAM::Policy'), ...resources(template, 'AWS::IAM::ManagedPolicy')]
    .filter(([id]) => id.startsWith(idPrefix))
    .flatMap(([, policy]) => (props(policy).PolicyDocument as Json).Statement as Json[]);
  return (action) =>
    statements
      .filter((st) => ([] as unknown[]).concat(st.Action).includes(action))
      .flatMap((st) => ([] as unknown[]).concat(st.Resource).map(render));
}

/** An intrinsic rendered the way cdk-nag prints it: `<Logical.Arn>/raw/*`, `<AWS::Region>`. */
export function render(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object') {
    const v = value as Json;
    if ('Fn::GetAtt' in v) return `<${(v['Fn::GetAtt'] as string[]).join('.')}>`;
    if ('Ref' in v) return `<${String(v.Ref)}>`;
    if ('Fn::Join' in v) {
      const [sep, parts] = v['Fn::Join'] as [string, unknown[]];
      return parts.map(render).join(sep);
    }
  }
  return JSON.stringify(value);
}

/** Every acknowledgement (id → reason) recorded on a construct and its ancestors. */
export function acknowledgementsOf(construct: IConstruct): Map<string, string> {
  const out = new Map<string, string>();
  for (const scope of construct.node.scopes) {
    for (const entry of scope.node.metadata) {
      if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
      // Stored qualified by plugin (`AwsSolutions::AwsSolutions-IAM5[…]`); keyed here by rule id.
      for (const [id, reason] of Object.entries(entry.data as Record<string, string>)) out.set(unqualified(id), reason);
    }
  }
  return out;
}

/** Every acknowledgement in a tree, one entry per construct and rule. */
export function allAcknowledgements(root: IConstruct): { path: string; id: string; reason: string }[] {
  const out: { path: string; id: string; reason: string }[] = [];
  for (const node of root.node.findAll()) {
    for (const entry of node.node.metadata) {
      if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
      for (const [id, reason] of Object.entries(entry.data as Record<string, string>)) {
        out.push({ path: node.node.path, id: unqualified(id), reason });
      }
    }
  }
  return out;
}

export function cfnResourceByLogicalId(root: IConstruct, logicalId: string): CfnResource | undefined {
  return root.node
    .findAll()
    .find((c): c is CfnResource => c instanceof CfnResource && c.stack.resolve(c.logicalId) === logicalId);
}

/** A state machine definition (Fn::Join of strings and refs) as JSON, refs as placeholders. */
export function definitionOf(resource: Json): Json {
  const body = props(resource).DefinitionString;
  return JSON.parse(render(body).replace(/<([^>]+)>/g, (_m, id: string) => `REF(${id})`)) as Json;
}

function unqualified(id: string): string {
  return id.replace(/^[A-Za-z]+::/, '');
}
