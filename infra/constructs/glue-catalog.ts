/**
 * The Glue database and one external Parquet table per canonical table, derived from
 * functions/core/schema.ts. Partitions are projected (no crawler, no MSCK REPAIR):
 *
 * - `dt`: `date`, format yyyy-MM-dd, from `dataStartDate` to NOW.
 * - `source`: `enum` of the configured sources. Not `injected`: an injected key makes Athena
 *   refuse any query without `source = '…'` in its WHERE clause, and the reconciliation
 *   views read every source at once. Adding a source is a config change plus a deploy.
 */
import { Stack } from 'aws-cdk-lib';
import * as glue from 'aws-cdk-lib/aws-glue';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { parquetColumns } from '../../functions/core/parquet.js';
import { TABLES, TABLE_NAMES, glueType, type TableName } from '../../functions/core/schema.js';

export interface GlueCatalogProps {
  readonly bucket: s3.IBucket;
  /** Glue database name (lower-case, underscores). */
  readonly databaseName: string;
  /** Values of the `source` partition projection. */
  readonly sources: readonly string[];
  /** First `dt` partition, YYYY-MM-DD. */
  readonly dataStartDate: string;
}

/** Glue column comments are limited to 255 characters. */
const comment = (text: string) => (text.length > 255 ? `${text.slice(0, 252)}...` : text);

export function canonicalPrefix(table: TableName): string {
  return `canonical/${table}/`;
}

export class GlueCatalog extends Construct {
  readonly database: glue.CfnDatabase;
  readonly databaseName: string;
  readonly tables: Record<TableName, glue.CfnTable>;

  constructor(scope: Construct, id: string, props: GlueCatalogProps) {
    super(scope, id);
    if (!/^[a-z][a-z0-9_]{0,254}$/.test(props.databaseName)) {
      throw new Error(`GlueCatalog: databaseName "${props.databaseName}" must be lower-case letters, digits and _`);
    }
    if (props.sources.length === 0) throw new Error('GlueCatalog: at least one source is needed for the projection');
    const bad = props.sources.find((s) => !/^[a-z][a-z0-9_]*$/.test(s));
    if (bad) throw new Error(`GlueCatalog: source "${bad}" cannot be a partition value`);

    this.databaseName = props.databaseName;
    const catalogId = Stack.of(this).account;
    this.database = new glue.CfnDatabase(this, 'Database', {
      catalogId,
      databaseInput: {
        name: props.databaseName,
        description: 'one-funnel canonical tables (Parquet) and reconciled views',
      },
    });

    const tables = {} as Record<TableName, glue.CfnTable>;
    for (const name of TABLE_NAMES) {
      const location = `s3://${props.bucket.bucketName}/${canonicalPrefix(name)}`;
      const table = new glue.CfnTable(this, `Table${name[0]!.toUpperCase()}${name.slice(1)}`, {
        catalogId,
        databaseName: props.databaseName,
        tableInput: {
          name,
          description: comment(TABLES[name].description),
          tableType: 'EXTERNAL_TABLE',
          parameters: {
            EXTERNAL: 'TRUE',
            classification: 'parquet',
            'parquet.compression': 'SNAPPY',
            'projection.enabled': 'true',
            'projection.source.type': 'enum',
            'projection.source.values': props.sources.join(','),
            'projection.dt.type': 'date',
            'projection.dt.format': 'yyyy-MM-dd',
            'projection.dt.range': `${props.dataStartDate},NOW`,
            'projection.dt.interval': '1',
            'projection.dt.interval.unit': 'DAYS',
            'storage.location.template': `${location}source=\${source}/dt=\${dt}/`,
          },
          partitionKeys: [
            { name: 'source', type: 'string', comment: 'The system the record came from (partition).' },
            { name: 'dt', type: 'string', comment: 'The load day YYYY-MM-DD (partition).' },
          ],
          storageDescriptor: {
            location,
            inputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
            outputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
            serdeInfo: {
              serializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe',
              parameters: { 'serialization.format': '1' },
            },
            columns: parquetColumns(name).map((c) => ({
              name: c.name,
              type: glueType(c.type),
              comment: comment(c.description),
            })),
          },
        },
      });
      table.node.addDependency(this.database);
      tables[name] = table;
    }
    this.tables = tables;
  }

  /** ARNs of the database and its tables and views (for IAM). */
  arns(): { catalog: string; database: string; tables: string } {
    const stack = Stack.of(this);
    const base = `arn:${stack.partition}:glue:${stack.region}:${stack.account}`;
    return {
      catalog: `${base}:catalog`,
      database: `${base}:database/${this.databaseName}`,
      tables: `${base}:table/${this.databaseName}/*`,
    };
  }
}
