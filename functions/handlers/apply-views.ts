/**
 * Custom resource (Custom::AthenaViews): applies the `sql/` views through Athena at deploy.
 * Create/Update run `create or replace view` for every view in order (idempotent) and drop
 * views that an update removed; Delete drops them in reverse order. Always answers
 * CloudFormation, so a failure fails the deploy instead of hanging it.
 */
import { AthenaClient } from '@aws-sdk/client-athena';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { AthenaEngine } from '../adapters/athena-engine.js';
import type { QueryEngine } from '../core/ports.js';
import { getEnv, instrumented, log, logger, once, tracer } from './runtime.js';

interface ViewProperty {
  Name: string;
  Sql: string;
}

interface ViewsProperties {
  Database: string;
  WorkGroup: string;
  Views: ViewProperty[];
}

export interface ApplyViewsDeps {
  engine: (props: { database: string; workgroup: string }) => QueryEngine;
  respond: (url: string, body: string) => Promise<void>;
}

const VIEW_NAME = /^[a-z][a-z0-9_]*$/;

function viewsOf(props: unknown): ViewsProperties {
  const p = props as Partial<ViewsProperties> | undefined;
  if (!p || typeof p.Database !== 'string' || typeof p.WorkGroup !== 'string' || !Array.isArray(p.Views)) {
    throw new Error('properties: expected Database, WorkGroup and Views');
  }
  for (const v of p.Views) {
    if (!VIEW_NAME.test(v?.Name ?? ''))
      throw new Error(`properties.Views: invalid view name ${JSON.stringify(v?.Name)}`);
    if (typeof v.Sql !== 'string' || v.Sql.trim() === '') throw new Error(`properties.Views.${v.Name}: empty SQL`);
  }
  return p as ViewsProperties;
}

export function physicalId(props: ViewsProperties): string {
  return `athena-views:${props.WorkGroup}:${props.Database}`;
}

async function apply(deps: ApplyViewsDeps, event: CloudFormationCustomResourceEvent): Promise<string> {
  const props = viewsOf(event.ResourceProperties);
  const engine = deps.engine({ database: props.Database, workgroup: props.WorkGroup });
  try {
    if (event.RequestType === 'Delete') {
      // A delete for another physical id is the old half of a replacement: its views are
      // the new resource's too (same names), so leave them.
      if (event.PhysicalResourceId !== physicalId(props)) return event.PhysicalResourceId;
      for (const view of [...props.Views].reverse()) await engine.query(`drop view if exists ${view.Name}`);
      return event.PhysicalResourceId;
    }
    for (const view of props.Views) {
      logger.info('applying view', { view: view.Name });
      await engine.query(`create or replace view ${view.Name} as\n${view.Sql}`);
    }
    if (event.RequestType === 'Update') {
      const old = (event.OldResourceProperties as Partial<ViewsProperties> | undefined)?.Views ?? [];
      const kept = new Set(props.Views.map((v) => v.Name));
      for (const gone of [...old].reverse().filter((v) => VIEW_NAME.test(v.Name) && !kept.has(v.Name))) {
        await engine.query(`drop view if exists ${gone.Name}`);
      }
    }
    return physicalId(props);
  } finally {
    await engine.close();
  }
}

export function createApplyViewsHandler(deps: () => Promise<ApplyViewsDeps>) {
  return async (event: CloudFormationCustomResourceEvent, context?: object): Promise<void> =>
    instrumented(context, async () => {
      const d = await deps();
      const base = {
        StackId: event.StackId,
        RequestId: event.RequestId,
        LogicalResourceId: event.LogicalResourceId,
      };
      const fallbackId = 'PhysicalResourceId' in event ? event.PhysicalResourceId : `athena-views:${event.RequestId}`;
      let body: string;
      try {
        const id = await apply(d, event);
        body = JSON.stringify({ ...base, Status: 'SUCCESS', PhysicalResourceId: id });
      } catch (err) {
        const reason = `${(err as Error).name}: ${(err as Error).message}`.slice(0, 1000);
        logger.error('applying views failed', { reason });
        body = JSON.stringify({ ...base, Status: 'FAILED', Reason: reason, PhysicalResourceId: fallbackId });
      }
      await d.respond(event.ResponseURL, body);
    });
}

/** PUT the response to CloudFormation's pre-signed URL (no content type: it is signed without one). */
export async function respondToCloudFormation(url: string, body: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      const res = await fetch(url, { method: 'PUT', body, headers: { 'content-type': '' } });
      if (res.ok) return;
      throw new Error(`CloudFormation response upload returned HTTP ${res.status}`);
    } catch (err) {
      if (attempt >= 4) throw err;
      await new Promise((r) => setTimeout(r, 500 * 2 ** attempt));
    }
  }
}

const awsDeps = once(async (): Promise<ApplyViewsDeps> => {
  getEnv(['ATHENA_WORKGROUP', 'GLUE_DATABASE']);
  const client = tracer.captureAWSv3Client(new AthenaClient({}));
  return {
    engine: ({ database, workgroup }) => new AthenaEngine({ client, database, workgroup, log }),
    respond: respondToCloudFormation,
  };
});

export const handler = createApplyViewsHandler(awsDeps);
