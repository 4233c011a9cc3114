/**
 * Salesforce exports, both shapes: Data Loader / Bulk API (API names such as `Id`,
 * `CreatedDate`) and report exports (labels such as `Lead ID`, `Create Date`). MAPPINGS §2.
 */
import type { Channel, LifecycleStage } from '../../../core/schema.js';
import { FieldError } from '../errors.js';
import { resolveColumns } from '../kit.js';
import { lookup, SALESFORCE_LEAD_SOURCE, SALESFORCE_LEAD_STATUS, SALESFORCE_OPPORTUNITY_STAGE } from '../labels.js';
import { defineRowFormat } from '../row-format.js';
import { domainFromUrl, extractEmails } from '../values.js';

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
        lead_id: r.required(col.id, 'the lead id'),
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
        owner_id: r.text(col.owner),
        channel,
        campaign_id: r.text(col.campaignId),
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
      owner: ['ownerid', 'opportunity owner', 'owner'],
      pipeline: ['recordtype.name', 'opportunity record type', 'record type', 'pipeline'],
      deleted: ['isdeleted', 'deleted'],
      lead: ['converted lead id', 'convertedfromleadid', 'lead id'],
      contactEmail: ['contact email', 'primary contact email', 'contact emails', 'email'],
    });
    if (col.created === undefined) notes.set('missingCreatedDate', true);
    const fallbackCurrency = options.currency ?? input.config.reportingCurrency;
    if (col.currency === undefined) notes.set('currencyAssumed', fallbackCurrency);
    return (r) => {
      const stage = r.text(col.stage);
      const byName = stage === null ? undefined : lookup(SALESFORCE_OPPORTUNITY_STAGE, stage);
      // MAPPINGS §2c: map on IsClosed/IsWon; names only when the flags are not exported.
      const isWon = r.boolean(col.isWon) ?? byName === 'won';
      const isClosed = r.boolean(col.isClosed) ?? (isWon || byName === 'lost');
      const createdAt = r.timestamp(col.created);
      if (createdAt === null) throw new FieldError(r.field(col.created), 'the created date is empty');
      const money = r.money(col.amount);
      return {
        deal_id: r.required(col.id, 'the opportunity id'),
        source,
        name: r.text(col.name),
        account_name: r.text(col.account),
        account_domain: domainFromUrl(r.text(col.website) ?? undefined),
        created_at: createdAt,
        updated_at: r.timestamp(col.updated),
        closed_at: isClosed ? r.timestamp(col.closeDate) : null,
        stage,
        is_closed: isClosed,
        is_won: isWon,
        amount: money.amount,
        currency: money.amount === null ? null : (r.currency(col.currency) ?? money.currency ?? fallbackCurrency),
        owner_id: r.text(col.owner),
        pipeline: r.text(col.pipeline),
        converted_from_lead_id: r.text(col.lead),
        contact_emails: [...new Set(extractEmails(r.text(col.contactEmail) ?? undefined))],
        is_deleted: r.boolean(col.deleted),
      };
    };
  },
});
