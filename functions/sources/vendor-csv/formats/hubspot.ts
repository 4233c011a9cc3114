/** HubSpot CRM exports: contacts → leads, deals → deals (MAPPINGS §1). */
import type { Channel, LifecycleStage } from '../../../core/schema.js';
import { FieldError } from '../errors.js';
import { resolveColumns } from '../kit.js';
import {
  HUBSPOT_DEAL_STAGE,
  HUBSPOT_LEAD_STATUS_OVERRIDE,
  HUBSPOT_LIFECYCLE,
  HUBSPOT_SOURCE,
  lookup,
  stageOutcome,
} from '../labels.js';
import { resolveAmountCurrency } from '../money.js';
import { defineRowFormat } from '../row-format.js';
import { domainFromUrl, extractEmails } from '../values.js';

const recordId = ['record id', 'contact id', 'hs_object_id', 'vid'];
const createDate = ['create date', 'createdate', 'created date'];
const contactEmail = ['email', 'email address'];

export const hubspotContactsCsv = defineRowFormat({
  name: 'hubspot-contacts-csv',
  table: 'leads',
  defaultSource: 'hubspot',
  description: 'HubSpot contacts export (CRM → Contacts → Export, labels or internal names)',
  required: [
    { label: 'Record ID', aliases: recordId },
    { label: 'Create Date', aliases: createDate },
    // Email joins people across systems: an export without it (or with it renamed) would load
    // every contact as a person of its own, silently. Refuse it instead.
    { label: 'Email', aliases: contactEmail },
  ],
  prepare({ columns, options, notes, source }) {
    const col = resolveColumns(columns, {
      id: recordId,
      email: contactEmail,
      firstName: ['first name', 'firstname'],
      lastName: ['last name', 'lastname'],
      company: ['company name', 'company'],
      companyDomain: ['company domain name', 'hs_email_domain_company'],
      website: ['website url', 'website'],
      created: createDate,
      updated: ['last modified date', 'lastmodifieddate', 'hs_lastmodifieddate'],
      lifecycle: ['lifecycle stage', 'lifecyclestage'],
      mqlAt: [
        'date entered marketing qualified lead (lifecycle stage pipeline)',
        'became a marketing qualified lead date',
        'hs_lifecyclestage_marketingqualifiedlead_date',
      ],
      leadStatus: ['lead status', 'hs_lead_status'],
      owner: ['contact owner', 'hubspot owner', 'hubspot_owner_id'],
      originalSource: ['original source', 'original traffic source', 'hs_analytics_source'],
      campaign: ['first touch converting campaign', 'utm_campaign', 'utm campaign'],
      utmSource: ['utm_source', 'utm source'],
      utmMedium: ['utm_medium', 'utm medium'],
      utmCampaign: ['utm_campaign', 'utm campaign'],
    });
    return (r) => {
      const lifecycleText = r.text(col.lifecycle);
      let lifecycle: LifecycleStage | null = null;
      if (lifecycleText !== null) {
        lifecycle = lookup(HUBSPOT_LIFECYCLE, lifecycleText, options.lifecycleStages) ?? null;
        if (lifecycle === null) {
          // Custom stages (numeric ids since 2022) map through config, else `other`.
          notes.unmapped(r.field(col.lifecycle), lifecycleText);
          lifecycle = 'other';
        }
      }
      const status = r.text(col.leadStatus);
      const statusOverride = status === null ? undefined : lookup(HUBSPOT_LEAD_STATUS_OVERRIDE, status);
      if (statusOverride) lifecycle = statusOverride;
      const sourceText = r.text(col.originalSource);
      let channel: Channel | null = null;
      if (sourceText !== null) {
        channel = lookup(HUBSPOT_SOURCE, sourceText, options.channels) ?? null;
        if (channel === null) {
          notes.unmapped(r.field(col.originalSource), sourceText);
          channel = 'other';
        }
      }
      const createdAt = r.timestamp(col.created);
      if (createdAt === null) throw new FieldError(r.field(col.created), 'the create date is empty');
      return {
        lead_id: r.required(col.id, 'the record id'),
        source,
        email: r.text(col.email),
        first_name: r.text(col.firstName),
        last_name: r.text(col.lastName),
        company: r.text(col.company),
        company_domain: domainFromUrl(r.text(col.companyDomain) ?? r.text(col.website) ?? undefined),
        created_at: createdAt,
        updated_at: r.timestamp(col.updated),
        lifecycle_stage: lifecycle,
        mql_at: r.timestamp(col.mqlAt),
        status,
        owner_id: r.text(col.owner),
        channel,
        campaign_id: null,
        campaign_name: r.text(col.campaign),
        utm_source: r.text(col.utmSource),
        utm_medium: r.text(col.utmMedium),
        utm_campaign: r.text(col.utmCampaign),
      };
    };
  },
});

export const hubspotDealsCsv = defineRowFormat({
  name: 'hubspot-deals-csv',
  table: 'deals',
  defaultSource: 'hubspot',
  description: 'HubSpot deals export (CRM → Deals → Export, with associated contacts/companies)',
  required: [
    { label: 'Record ID', aliases: ['record id', 'deal id', 'hs_object_id'] },
    { label: 'Deal Name', aliases: ['deal name', 'dealname'] },
  ],
  prepare({ columns, options, notes, source, input }) {
    const col = resolveColumns(columns, {
      id: ['record id', 'deal id', 'hs_object_id'],
      name: ['deal name', 'dealname'],
      stage: ['deal stage', 'dealstage'],
      pipeline: ['pipeline'],
      amount: ['amount'],
      currency: ['currency', 'deal currency code', 'deal_currency_code'],
      // In the portal's company currency, which the file does not name: the deal's own
      // currency column is not its currency.
      companyAmount: ['amount in company currency', 'amount_in_home_currency'],
      created: ['create date', 'createdate'],
      closed: ['close date', 'closedate'],
      updated: ['last modified date', 'hs_lastmodifieddate'],
      owner: ['deal owner', 'hubspot_owner_id'],
      isClosed: ['is deal closed?', 'is closed', 'hs_is_closed'],
      isWon: ['is closed won', 'hs_is_closed_won'],
      company: ['associated company (primary)', 'associated company', 'company name'],
      domain: ['associated company domain', 'company domain name', 'company domain'],
      contacts: ['associated contact', 'associated contacts'],
      contactEmails: ['associated contact email', 'contact email', 'associated email'],
    });
    const amountCols =
      col.amount !== undefined || col.companyAmount === undefined
        ? { amount: col.amount, currency: col.currency }
        : { amount: col.companyAmount, currency: undefined };
    if (amountCols.amount === col.companyAmount && col.companyAmount !== undefined) {
      notes.set('amountColumn', columns.nameAt(col.companyAmount));
    }
    const fallback = {
      format: 'hubspot-deals-csv',
      setting: options.currency,
      reportingCurrency: input.config.reportingCurrency,
    };
    return (r) => {
      const stage = r.text(col.stage);
      const byName = stage === null ? undefined : stageOutcome(HUBSPOT_DEAL_STAGE, stage, options.stages);
      const wonFlag = r.boolean(col.isWon);
      const closedFlag = r.boolean(col.isClosed);
      if (stage !== null && byName === undefined && wonFlag === null && closedFlag === null) {
        notes.unmapped(r.field(col.stage), stage); // open until mapped under `stages`
      }
      const isWon = wonFlag ?? byName === 'won';
      const isClosed = closedFlag ?? (isWon || byName === 'lost');
      const createdAt = r.timestamp(col.created);
      if (createdAt === null) throw new FieldError(r.field(col.created), 'the create date is empty');
      const money = resolveAmountCurrency(r, amountCols, fallback, notes);
      const emails = [
        ...extractEmails(r.text(col.contacts) ?? undefined),
        ...extractEmails(r.text(col.contactEmails) ?? undefined),
      ];
      return {
        deal_id: r.required(col.id, 'the record id'),
        source,
        name: r.text(col.name),
        account_name: r.text(col.company),
        account_domain: domainFromUrl(r.text(col.domain) ?? undefined),
        created_at: createdAt,
        updated_at: r.timestamp(col.updated),
        // HubSpot's close date is the expected date until the deal closes.
        closed_at: isClosed ? r.timestamp(col.closed) : null,
        stage,
        is_closed: isClosed,
        is_won: isWon,
        amount: money.amount,
        currency: money.currency,
        owner_id: r.text(col.owner),
        pipeline: r.text(col.pipeline),
        converted_from_lead_id: null,
        contact_emails: [...new Set(emails)],
      };
    };
  },
});
