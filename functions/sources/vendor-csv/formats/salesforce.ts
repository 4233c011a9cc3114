/**
 * Salesforce exports, both shapes: Data Loader / Bulk API (API names such as `Id`,
 * `CreatedDate`) and report exports (labels such as `Lead ID`, `Create Date`). MAPPINGS §2.
 */
import type { Channel, LifecycleStage } from '../../../core/schema.js';
import { FieldError } from '../errors.js';
import { resolveColumns } from '../kit.js';
import {
  lookup,
  SALESFORCE_LEAD_SOURCE,
  SALESFORCE_LEAD_STATUS,
  SALESFORCE_OPPORTUNITY_STAGE,
  stageOutcome,
} from '../labels.js';
import { resolveAmountCurrency } from '../money.js';
import { defineRowFormat } from '../row-format.js';
import { domainFromUrl, extractEmails } from '../values.js';

const SUFFIX_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';

/**
 * A Salesforce id in its 18-character form (SPEC §3): a 15-character id (report exports) gets
 * the public checksum suffix: for each of its three 5-character chunks, bit i is set when
 * character i is an upper-case letter, and the 5-bit value indexes A–Z0–5. Any other value
 * (an 18-character id, a name) is returned unchanged.
 */
function salesforceId18(id: string): string {
  if (!/^[a-zA-Z0-9]{15}$/.test(id)) return id;
  let suffix = '';
  for (let chunk = 0; chunk < 3; chunk++) {
    let bits = 0;
    for (let i = 0; i < 5; i++) {
      const c = id.charCodeAt(chunk * 5 + i);
      if (c >= 65 && c <= 90) bits |= 1 << i;
    }
    suffix += SUFFIX_CHARS[bits];
  }
  return id + suffix;
}

/** An id cell in its 18-character form. */
const id18 = (value: string | null): string | null => (value === null ? null : salesforceId18(value));

/**
 * An owner cell: report exports write the owner's name, Data Loader the user or queue id
 * (key prefixes 005 and 00G); only an id is extended, never a 15-letter name.
 */
const ownerId = (value: string | null): string | null =>
  value !== null && /^00[5G][a-zA-Z0-9]{12}$/.test(value) ? salesforceId18(value) : value;

const leadId = ['id', 'lead id', 'lead id (18)'];
const created = ['createddate', 'create date', 'created date'];

export const salesforceLeadsCsv = defineRowFormat({
  name: 'salesforce-leads-csv',
  table: 'leads',
  defaultSource: 'salesforce',
  description: 'Salesforce leads (Data Loader export with API names, or a leads report exported as CSV)',
  required: [
    { label: 'Id', aliases: leadId },
    { label: 'CreatedDate', aliases: created },
    // Without Email no lead can be matched to a deal or a follow-up: refuse, never null it.
    { label: 'Email', aliases: ['email'] },
  ],
  prepare({ columns, options, notes, source }) {
    const col = resolveColumns(columns, {
      id: leadId,
      email: ['email'],
      firstName: ['firstname', 'first name'],
      lastName: ['lastname', 'last name'],
      company: ['company', 'company / account'],
      website: ['website'],
      created,
      updated: ['lastmodifieddate', 'last modified date'],
      status: ['status', 'lead status'],
      converted: ['isconverted', 'converted'],
      leadSource: ['leadsource', 'lead source'],
      owner: ['ownerid', 'lead owner', 'owner'],
      deleted: ['isdeleted', 'deleted'],
      campaign: ['primary campaign source', 'campaign name', 'campaign'],
      campaignId: ['campaignid', 'campaign id'],
      utmSource: ['utm_source__c', 'utm source', 'utm_source'],
      utmMedium: ['utm_medium__c', 'utm medium', 'utm_medium'],
      utmCampaign: ['utm_campaign__c', 'utm campaign', 'utm_campaign'],
    });
    return (r) => {
      const status = r.text(col.status);
      let lifecycle: LifecycleStage = 'lead';
      if (status !== null) {
        const mapped = lookup(SALESFORCE_LEAD_STATUS, status, options.lifecycleStages);
        if (mapped) lifecycle = mapped;
        else notes.unmapped(r.field(col.status), status); // a Lead record stays a lead
      }
      if (r.boolean(col.converted) === true && (lifecycle === 'lead' || lifecycle === 'other')) lifecycle = 'sql';
      const sourceText = r.text(col.leadSource);
      let channel: Channel | null = null;
      if (sourceText !== null) {
        channel = lookup(SALESFORCE_LEAD_SOURCE, sourceText, options.channels) ?? null;
        if (channel === null) {
          notes.unmapped(r.field(col.leadSource), sourceText);
          channel = 'other';
        }
      }
      const createdAt = r.timestamp(col.created);
      if (createdAt === null) throw new FieldError(r.field(col.created), 'the created date is empty');
      return {
        lead_id: salesforceId18(r.required(col.id, 'the lead id')),
        source,
        email: r.text(col.email),
        first_name: r.text(col.firstName),
        last_name: r.text(col.lastName),
        company: r.text(col.company),
        company_domain: domainFromUrl(r.text(col.website) ?? undefined),
        created_at: createdAt,
        updated_at: r.timestamp(col.updated),
        lifecycle_stage: lifecycle,
        mql_at: null,
        status,
        owner_id: ownerId(r.text(col.owner)),
        channel,
        campaign_id: id18(r.text(col.campaignId)),
        campaign_name: r.text(col.campaign),
        utm_source: r.text(col.utmSource),
        utm_medium: r.text(col.utmMedium),
        utm_campaign: r.text(col.utmCampaign),
        is_deleted: r.boolean(col.deleted),
      };
    };
  },
});

const oppId = ['id', 'opportunity id', 'opportunity id (18)'];

export const salesforceOpportunitiesCsv = defineRowFormat({
  name: 'salesforce-opportunities-csv',
  table: 'deals',
  defaultSource: 'salesforce',
  description:
    'Salesforce opportunities (Data Loader export with API names, or an opportunities report exported as CSV)',
  required: [
    { label: 'Id', aliases: oppId },
    { label: 'StageName', aliases: ['stagename', 'stage'] },
  ],
  prepare({ columns, options, notes, source, input }) {
    const col = resolveColumns(columns, {
      id: oppId,
      name: ['name', 'opportunity name'],
      account: ['account.name', 'account name'],
      website: ['account.website', 'account website', 'website'],
      created: ['createddate', 'created date', 'create date'],
      updated: ['lastmodifieddate', 'last modified date'],
      closeDate: ['closedate', 'close date'],
      stage: ['stagename', 'stage'],
      isClosed: ['isclosed', 'closed'],
      isWon: ['iswon', 'won'],
      amount: ['amount'],
      currency: ['currencyisocode', 'opportunity currency', 'amount currency', 'currency'],
      // A multi-currency org's report may carry only the amount converted to the corporate
      // currency, with a currency column of its own.
      converted: ['amount (converted)'],
      convertedCurrency: ['amount (converted) currency'],
      owner: ['ownerid', 'opportunity owner', 'owner'],
      pipeline: ['recordtype.name', 'opportunity record type', 'record type', 'pipeline'],
      deleted: ['isdeleted', 'deleted'],
      lead: ['converted lead id', 'convertedfromleadid', 'lead id'],
      contactEmail: ['contact email', 'primary contact email', 'contact emails', 'email'],
    });
    if (col.created === undefined) notes.set('missingCreatedDate', true);
    // The original amount and its currency when exported, else the converted pair: never an
    // amount with another amount's currency.
    const amountCols =
      col.amount !== undefined || col.converted === undefined
        ? { amount: col.amount, currency: col.currency }
        : { amount: col.converted, currency: col.convertedCurrency };
    if (col.amount === undefined && col.converted !== undefined)
      notes.set('amountColumn', columns.nameAt(col.converted));
    const fallback = {
      format: 'salesforce-opportunities-csv',
      setting: options.currency,
      reportingCurrency: input.config.reportingCurrency,
    };
    return (r) => {
      const stage = r.text(col.stage);
      const byName = stage === null ? undefined : stageOutcome(SALESFORCE_OPPORTUNITY_STAGE, stage, options.stages);
      // MAPPINGS §2c: map on IsClosed/IsWon; names only when the flags are not exported.
      const wonFlag = r.boolean(col.isWon);
      const closedFlag = r.boolean(col.isClosed);
      if (stage !== null && byName === undefined && wonFlag === null && closedFlag === null) {
        notes.unmapped(r.field(col.stage), stage); // stays open until mapped under `stages`
      }
      const isWon = wonFlag ?? byName === 'won';
      const isClosed = closedFlag ?? (isWon || byName === 'lost');
      const createdAt = r.timestamp(col.created);
      if (createdAt === null) throw new FieldError(r.field(col.created), 'the created date is empty');
      const closedAt = isClosed ? r.timestamp(col.closeDate) : null;
      // A report without "Last Modified Date": a closed deal was last modified no earlier than it
      // closed, so this version is not taken for older than a Data Loader export of it still
      // open (the latest version wins, SPEC §4.1).
      const updatedAt = col.updated === undefined ? closedAt : r.timestamp(col.updated);
      const money = resolveAmountCurrency(r, amountCols, fallback, notes);
      return {
        deal_id: salesforceId18(r.required(col.id, 'the opportunity id')),
        source,
        name: r.text(col.name),
        account_name: r.text(col.account),
        account_domain: domainFromUrl(r.text(col.website) ?? undefined),
        created_at: createdAt,
        updated_at: updatedAt,
        closed_at: closedAt,
        stage,
        is_closed: isClosed,
        is_won: isWon,
        amount: money.amount,
        currency: money.currency,
        owner_id: ownerId(r.text(col.owner)),
        pipeline: r.text(col.pipeline),
        converted_from_lead_id: id18(r.text(col.lead)),
        contact_emails: [...new Set(extractEmails(r.text(col.contactEmail) ?? undefined))],
        is_deleted: r.boolean(col.deleted),
      };
    };
  },
});
