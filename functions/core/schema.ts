/**
 * The canonical schema (SPEC §3): the one definition from which record validation,
 * the DuckDB tables, the Glue tables and the analysts' data dictionary are derived.
 */

export const LIFECYCLE_STAGES = ['subscriber', 'lead', 'mql', 'sql', 'opportunity', 'customer', 'other'] as const;
export type LifecycleStage = (typeof LIFECYCLE_STAGES)[number];

export const CHANNELS = [
  'paid_search',
  'paid_social',
  'display',
  'email',
  'organic_search',
  'organic_social',
  'referral',
  'events',
  'direct',
  'other',
] as const;
export type Channel = (typeof CHANNELS)[number];

export const ACTIVITY_TYPES = ['call', 'email', 'meeting', 'task', 'other'] as const;
export type ActivityType = (typeof ACTIVITY_TYPES)[number];

/** Logical column types; each maps to a DuckDB, Trino/Glue and Parquet type. */
export type ColumnType =
  | 'string'
  | 'timestamp'
  | 'date'
  | 'boolean'
  | 'double'
  | 'bigint'
  | 'currency'
  | 'string_list'
  | { enum: readonly string[] };

export interface ColumnDef {
  readonly name: string;
  readonly type: ColumnType;
  readonly required?: boolean;
  /** Derived at load (never read from an input file), e.g. the email key. */
  readonly derived?: boolean;
  readonly description: string;
}

export interface TableDef {
  readonly name: TableName;
  readonly description: string;
  /** Columns that identify one record of a source; versions of it share these. */
  readonly key: readonly string[];
  readonly columns: readonly ColumnDef[];
}

export const TABLE_NAMES = ['leads', 'deals', 'activities', 'spend', 'owners'] as const;
export type TableName = (typeof TABLE_NAMES)[number];

const source: ColumnDef = {
  name: 'source',
  type: 'string',
  required: true,
  description: 'The system the record came from, e.g. `hubspot`, `salesforce`, `google_ads`.',
};

/**
 * The flag beside an instant that a source gives only as a calendar day (`2026-11-16`,
 * `16/11/2026`): the instant is then the day's start in the import's time zone, a time nobody
 * recorded, so the SLA leaves such records out and deal matching compares them by day
 * (docs/methodology.md, "Times known only to the day"). Empty (and files loaded before the
 * column existed) reads as false.
 */
function timeUnknown(instant: string, when: string): ColumnDef {
  return {
    name: `${instant}_time_unknown`,
    type: 'boolean',
    description: `True when the source gave only the day ${when}: \`${instant}\` is that day's start in the import's time zone, not a recorded time. Empty reads as false.`,
  };
}

/** Bookkeeping columns added to every canonical row at load. */
export const LOAD_COLUMNS: readonly ColumnDef[] = [
  {
    name: 'ingested_at',
    type: 'timestamp',
    required: true,
    derived: true,
    description:
      'When this version was loaded (UTC); breaks ties between versions of the same `updated_at` and export day `dt`.',
  },
  {
    name: 'batch_id',
    type: 'string',
    required: true,
    derived: true,
    description: 'The load batch (sha-256 of the raw input) this row came from; see `manifests/`.',
  },
  {
    name: 'batch_row',
    type: 'bigint',
    required: true,
    derived: true,
    description:
      'Position of the row in its batch; among versions loaded together with equal timestamps, the later row wins.',
  },
];

export const TABLES: Record<TableName, TableDef> = {
  leads: {
    name: 'leads',
    description:
      'Every version of every lead or contact seen in a source. One person may have leads in several sources.',
    key: ['source', 'lead_id'],
    columns: [
      { name: 'lead_id', type: 'string', required: true, description: 'The id in the source system.' },
      source,
      { name: 'email', type: 'string', description: 'Email address as given by the source.' },
      {
        name: 'email_key',
        type: 'string',
        derived: true,
        description:
          'Normalized email used to join people across systems (SPEC §4.2): white space and invisible characters removed, NFC, lower-case, an internationalized domain as `xn--` labels, `+tag` removed, Gmail dots removed. Null when the email is missing or unusable.',
      },
      { name: 'first_name', type: 'string', description: 'First name.' },
      { name: 'last_name', type: 'string', description: 'Last name.' },
      { name: 'company', type: 'string', description: 'Company name.' },
      { name: 'company_domain', type: 'string', description: 'Company web domain, e.g. `acme.com`.' },
      { name: 'created_at', type: 'timestamp', required: true, description: 'When the lead was created (UTC).' },
      timeUnknown('created_at', 'the lead was created'),
      {
        name: 'updated_at',
        type: 'timestamp',
        description: 'Last modification in the source (UTC); picks the latest version.',
      },
      {
        name: 'lifecycle_stage',
        type: { enum: LIFECYCLE_STAGES },
        description: 'Funnel stage normalized from the source value.',
      },
      { name: 'mql_at', type: 'timestamp', description: 'When the lead became marketing-qualified, if it did.' },
      { name: 'status', type: 'string', description: 'The source lead status, unmapped.' },
      { name: 'owner_id', type: 'string', description: 'Sales owner in the source system.' },
      {
        name: 'is_disqualified',
        type: 'boolean',
        description:
          'True when sales judged the lead not a fit (HubSpot lead status Unqualified, a Salesforce status the config lists as disqualified, an archived Pipedrive lead). Empty when the source does not say; read as not disqualified.',
      },
      {
        name: 'disqualification_reason',
        type: 'string',
        description: "Sales' reason for the disqualification as the source gives it (trimmed); empty if none.",
      },
      { name: 'channel', type: { enum: CHANNELS }, description: 'Marketing channel the lead came through.' },
      { name: 'campaign_id', type: 'string', description: 'Campaign id (the ad platform id where known).' },
      { name: 'campaign_name', type: 'string', description: 'Campaign name.' },
      { name: 'utm_source', type: 'string', description: 'utm_source of the first conversion.' },
      { name: 'utm_medium', type: 'string', description: 'utm_medium of the first conversion.' },
      { name: 'utm_campaign', type: 'string', description: 'utm_campaign of the first conversion.' },
      { name: 'is_deleted', type: 'boolean', description: 'True when the source reports the record deleted.' },
      {
        name: 'additional_emails',
        type: 'string_list',
        description:
          "The lead's further email addresses (HubSpot's additional email addresses): keys of its person for follow-ups and deal matches, never a person of their own.",
      },
      {
        name: 'additional_email_keys',
        type: 'string_list',
        derived: true,
        description: 'The email keys of `additional_emails` (same normalization as `email_key`).',
      },
      {
        name: 'merged_lead_ids',
        type: 'string_list',
        description:
          'Ids (same source) of records merged into this one (HubSpot `hs_merged_object_ids`; Mailchimp: the subscriber hash of the address, its id before `LEID` was read). A lead named here by a current lead is no lead of its own: conversions and activities naming it count for this lead, and it can give this person its first touch.',
      },
      {
        name: 'merged_into_lead_id',
        type: 'string',
        description:
          'Id (same source) of the lead this record was merged into (Salesforce `MasterRecordId` on a lead a merge deleted). Such a record is no lead of its own: conversions and activities naming it count for that lead, and it can give that person its first touch.',
      },
      {
        name: 'converted_contact_id',
        type: 'string',
        description:
          "The contact (same source) this lead was converted into (Salesforce `ConvertedContactId`). Converting moves the lead's activities to that contact: an activity naming it (`activities.contact_id`) follows up this lead's person.",
      },
      {
        name: 'converted_deal_id',
        type: 'string',
        description:
          "The deal (same source) this lead was converted into (Salesforce `ConvertedOpportunityId`): that deal matches this lead's person by conversion, as when the deal names the lead in `deals.converted_from_lead_id`.",
      },
    ],
  },
  deals: {
    name: 'deals',
    description: 'Every version of every deal or opportunity seen in a CRM.',
    key: ['source', 'deal_id'],
    columns: [
      { name: 'deal_id', type: 'string', required: true, description: 'The id in the CRM.' },
      source,
      { name: 'name', type: 'string', description: 'Deal name.' },
      { name: 'account_name', type: 'string', description: 'Account / organization name.' },
      { name: 'account_domain', type: 'string', description: 'Account web domain, used for domain matching.' },
      { name: 'created_at', type: 'timestamp', required: true, description: 'When the deal was created (UTC).' },
      timeUnknown('created_at', 'the deal was created'),
      { name: 'updated_at', type: 'timestamp', description: 'Last modification in the CRM (UTC).' },
      { name: 'closed_at', type: 'timestamp', description: 'When the deal was closed (won or lost).' },
      { name: 'stage', type: 'string', description: 'The CRM stage, unmapped.' },
      { name: 'is_closed', type: 'boolean', description: 'True when closed (won or lost).' },
      { name: 'is_won', type: 'boolean', description: 'True when closed won.' },
      { name: 'amount', type: 'double', description: 'Deal amount in `currency`.' },
      { name: 'currency', type: 'currency', description: 'ISO 4217 code of `amount`.' },
      { name: 'owner_id', type: 'string', description: 'Sales owner in the CRM.' },
      { name: 'pipeline', type: 'string', description: 'CRM pipeline name or id.' },
      {
        name: 'converted_from_lead_id',
        type: 'string',
        description:
          'The lead (same source) this deal was converted from (Salesforce: the lead whose `ConvertedOpportunityId` names this opportunity). A lead may say the same from its side instead (`leads.converted_deal_id`).',
      },
      { name: 'contact_emails', type: 'string_list', description: 'Emails of the deal contacts.' },
      {
        name: 'contact_email_keys',
        type: 'string_list',
        derived: true,
        description: 'The email keys of `contact_emails` (same normalization as `leads.email_key`).',
      },
      {
        name: 'contact_ids',
        type: 'string_list',
        description:
          "The ids of the deal's contacts in the deal's own source, for exports and pulls that name a contact by id (HubSpot `Associated Contact IDs`, Pipedrive `Person - ID`, Salesforce `Contact ID` of a contact role). Where contacts load as leads (HubSpot, Pipedrive) an id is a `leads.lead_id` (a merged-away id counts for its survivor); where the CRM keeps contacts apart (Salesforce `003…`), it counts for the lead converted into that contact (`leads.converted_contact_id`). A contact of the deal beside `contact_emails`; an id no lead names matches nothing.",
      },
      {
        name: 'merged_deal_ids',
        type: 'string_list',
        description:
          'Ids (same source) of deals merged into this one (HubSpot `Merged Deal IDs`, `hs_merged_object_ids`). A deal named here by a current deal is no deal of its own: it stops counting, as the merge left one deal in the CRM (a version loaded before the merge would otherwise count it twice).',
      },
      { name: 'is_deleted', type: 'boolean', description: 'True when the CRM reports the record deleted.' },
    ],
  },
  activities: {
    name: 'activities',
    description: 'Sales activities (calls, emails, meetings, tasks) logged in a CRM.',
    key: ['source', 'activity_id'],
    columns: [
      { name: 'activity_id', type: 'string', required: true, description: 'The id in the CRM.' },
      source,
      { name: 'type', type: { enum: ACTIVITY_TYPES }, required: true, description: 'Normalized activity type.' },
      {
        name: 'occurred_at',
        type: 'timestamp',
        required: true,
        description:
          "When it happened (UTC): completed, sent, or a meeting's start; never when it was logged or scheduled. For one that has not happened (`has_happened` false), when it is planned, else last changed.",
      },
      timeUnknown('occurred_at', 'it happened'),
      {
        name: 'occurred_at_unknown',
        type: 'boolean',
        description:
          'True when it happened but the source gives no time of happening, not even its day (a Salesforce task closed without `Completed Date/Time`): it happened at some time up to the day its version was exported, and `occurred_at` (its due day, else its last change) is no time of happening. Its lead counts as followed up at a time not known (never overdue). Empty reads as false.',
      },
      {
        name: 'updated_at',
        type: 'timestamp',
        description: 'Last modification in the CRM (UTC); the version with the greatest wins (ties: the later load).',
      },
      { name: 'owner_id', type: 'string', description: 'Who did it.' },
      { name: 'email', type: 'string', description: 'Email of the person contacted.' },
      {
        name: 'email_key',
        type: 'string',
        derived: true,
        description: 'Normalized `email` (see `leads.email_key`).',
      },
      { name: 'lead_id', type: 'string', description: 'The lead (same source) the activity is logged on.' },
      {
        name: 'contact_id',
        type: 'string',
        description:
          'The contact (same source) the activity is logged on when the CRM keeps contacts apart from leads (Salesforce `WhoId` of a contact, `003…`): it counts for the lead converted into that contact (`leads.converted_contact_id`). Empty for a lead, and where contacts load as leads (HubSpot, Pipedrive: `lead_id`).',
      },
      { name: 'deal_id', type: 'string', description: 'The deal (same source) the activity is logged on.' },
      {
        name: 'is_automated',
        type: 'boolean',
        description: 'True for sequence / automation sends; they never count as a follow-up.',
      },
      {
        name: 'has_happened',
        type: 'boolean',
        description:
          'False for an open task, a planned or cancelled call or meeting, a no-show, a scheduled, bounced or failed email: kept so that it replaces an earlier version that had happened (an activity marked undone), never a follow-up. Empty means it happened.',
      },
      {
        name: 'record_id',
        type: 'string',
        description:
          "The CRM's id of the activity when it is stored as one row per contact (`activity_id` is then `<record_id>:<contact>`). A newer version of the record replaces all its rows, so a contact taken off it no longer counts. Empty means `activity_id`.",
      },
      { name: 'is_deleted', type: 'boolean', description: 'True when the CRM reports the activity deleted.' },
    ],
  },
  spend: {
    name: 'spend',
    description:
      'Ad spend per campaign and reporting day. Platforms restate recent days; the newest version wins (without an account id, per currency: another currency is another account).',
    key: ['source', 'platform', 'account_id', 'campaign_id', 'date'],
    columns: [
      { name: 'date', type: 'date', required: true, description: "The platform's reporting day (YYYY-MM-DD)." },
      source,
      {
        name: 'platform',
        type: 'string',
        required: true,
        description: 'Ad platform, e.g. `google_ads`, `meta`, `linkedin`.',
      },
      { name: 'account_id', type: 'string', description: 'Ad account id.' },
      { name: 'campaign_id', type: 'string', required: true, description: 'Campaign id on the platform.' },
      { name: 'campaign_name', type: 'string', description: 'Campaign name.' },
      { name: 'channel', type: { enum: CHANNELS }, description: 'Channel of the campaign.' },
      { name: 'cost', type: 'double', required: true, description: 'Cost in `currency`.' },
      { name: 'currency', type: 'currency', required: true, description: 'ISO 4217 code of `cost`.' },
      { name: 'impressions', type: 'bigint', description: 'Impressions.' },
      { name: 'clicks', type: 'bigint', description: 'Clicks.' },
      { name: 'conversions', type: 'double', description: 'Conversions as counted by the platform.' },
    ],
  },
  owners: {
    name: 'owners',
    description:
      "The sales owners (users) of a CRM, so that a lead's `owner_id` reads as a name: HubSpot owners, Salesforce users, Pipedrive users, and the owner names of CSV exports. Never required: an owner without a row shows its id.",
    key: ['source', 'owner_id'],
    columns: [
      {
        name: 'owner_id',
        type: 'string',
        required: true,
        description:
          'The id the CRM\'s records carry in `owner_id`. An export that writes the owner\'s name instead of an id (HubSpot "Contact owner", a Salesforce report\'s "Lead Owner", Pipedrive "Owner") loads that name as both id and name, because its leads carry the name as `owner_id`.',
      },
      source,
      { name: 'name', type: 'string', description: "The owner's display name (first and last name)." },
      { name: 'email', type: 'string', description: "The owner's work email." },
      {
        name: 'is_active',
        type: 'boolean',
        description:
          'False for a deactivated user (HubSpot archived owner, Salesforce `IsActive` false, Pipedrive `active_flag` false).',
      },
      {
        name: 'updated_at',
        type: 'timestamp',
        description:
          'Last modification in the CRM (UTC) where it says; the latest version wins (ties: the later load).',
      },
      { name: 'is_deleted', type: 'boolean', description: 'True when the CRM reports the owner deleted.' },
    ],
  },
};

/** Every column stored for a table: the canonical ones plus the load bookkeeping. */
export function storedColumns(table: TableName): readonly ColumnDef[] {
  return [...TABLES[table].columns, ...LOAD_COLUMNS];
}

/** Columns a canonical CSV may carry (derived columns are computed, never read). */
export function inputColumns(table: TableName): readonly ColumnDef[] {
  return TABLES[table].columns.filter((c) => !c.derived);
}

/** The columns that tell versions of one record apart within a batch: its key and `updated_at`. */
export function versionColumnNames(table: TableName): string[] {
  const def = TABLES[table];
  return def.columns.some((c) => c.name === 'updated_at') ? [...def.key, 'updated_at'] : [...def.key];
}

/**
 * The columns that tell one record version of `table` from another for `record`: its
 * versionColumnNames, and for a spend row without an account id its currency too. An ad account
 * has one currency, so two such rows of one campaign-day in EUR and USD are two accounts' spend
 * (a Meta export of a multi-account view), not two copies of one: stg_spend.sql keeps them apart
 * by the same rule (`case when account_id is null then currency end`).
 */
export function recordVersionColumns(table: TableName, record: Readonly<Record<string, unknown>>): string[] {
  const columns = versionColumnNames(table);
  const noAccount = record.account_id === null || record.account_id === undefined || record.account_id === '';
  return table === 'spend' && noAccount ? [...columns, 'currency'] : columns;
}

export function isTableName(name: string): name is TableName {
  return (TABLE_NAMES as readonly string[]).includes(name);
}

/** DuckDB column type. */
export function duckdbType(type: ColumnType): string {
  if (typeof type === 'object') return 'VARCHAR';
  switch (type) {
    case 'string':
    case 'currency':
      return 'VARCHAR';
    case 'timestamp':
      return 'TIMESTAMP';
    case 'date':
      return 'DATE';
    case 'boolean':
      return 'BOOLEAN';
    case 'double':
      return 'DOUBLE';
    case 'bigint':
      return 'BIGINT';
    case 'string_list':
      return 'VARCHAR[]';
  }
}

/** Hive / Glue column type (what Athena and Trino's Hive connector read). */
export function glueType(type: ColumnType): string {
  if (typeof type === 'object') return 'string';
  switch (type) {
    case 'string':
    case 'currency':
      return 'string';
    case 'timestamp':
      return 'timestamp';
    case 'date':
      return 'date';
    case 'boolean':
      return 'boolean';
    case 'double':
      return 'double';
    case 'bigint':
      return 'bigint';
    case 'string_list':
      return 'array<string>';
  }
}

/** Human-readable type for the data dictionary. */
export function describeType(type: ColumnType): string {
  if (typeof type === 'object') return `enum: ${type.enum.join(' \\| ')}`;
  if (type === 'string_list') return 'list of strings';
  if (type === 'currency') return 'ISO 4217 code';
  return type;
}
