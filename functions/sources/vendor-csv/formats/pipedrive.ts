/**
 * Pipedrive deals export: columns are `Entity - Field` (`Deal - Title`, `Person - Email`,
 * `Organization - Name`); a deals-only export may drop the `Deal - ` prefix. MAPPINGS §3.
 */
import { FieldError } from '../errors.js';
import { resolveColumns } from '../kit.js';
import { lookup, PIPEDRIVE_STATUS, stageOutcome } from '../labels.js';
import { resolveAmountCurrency } from '../money.js';
import { defineRowFormat } from '../row-format.js';
import { domainFromUrl, extractEmails } from '../values.js';

/** `Deal - Title` or `Title`. */
const deal = (...names: string[]) => names.flatMap((n) => [`deal - ${n}`, n]);

export const pipedriveDealsCsv = defineRowFormat({
  name: 'pipedrive-deals-csv',
  table: 'deals',
  defaultSource: 'pipedrive',
  description: 'Pipedrive deals export (Deals → … → Export, "Deal - …" columns)',
  required: [
    { label: 'Deal - ID', aliases: deal('id') },
    { label: 'Deal - Title', aliases: deal('title') },
  ],
  prepare({ columns, options, notes, source, input }) {
    const col = resolveColumns(columns, {
      id: deal('id'),
      title: deal('title'),
      value: deal('value'),
      currency: deal('currency of value', 'currency'),
      stage: deal('stage'),
      pipeline: deal('pipeline'),
      status: deal('status'),
      created: deal('deal created', 'add time', 'created'),
      updated: deal('update time', 'last updated', 'updated'),
      wonTime: deal('won time'),
      lostTime: deal('lost time'),
      closeTime: deal('deal closed on', 'close time', 'closed on'),
      owner: deal('owner', 'user'),
      organization: ['organization - name', 'deal - organization', 'organization'],
      website: ['organization - website', 'organization - web', 'organization - domain'],
      personEmail: [/^person - email( \(.+\))?$/, 'deal - contact person email', 'email'],
    });
    // Every "Person - Email (Work/Home/Other)" column, not only the first.
    const emailCols = columns.normalized.flatMap((n, i) => (/^person - email( \(.+\))?$/.test(n) ? [i] : []));
    if (col.personEmail !== undefined && !emailCols.includes(col.personEmail)) emailCols.push(col.personEmail);
    const fallback = {
      format: 'pipedrive-deals-csv',
      setting: options.currency,
      reportingCurrency: input.config.reportingCurrency,
    };
    const noStages = new Map<string, 'open' | 'won' | 'lost'>();
    // Without a status, a stage the user mapped under `stages` settles the deal; pipelines'
    // stages are the user's own names, so an unmapped one stays open and is listed.
    const stageStatus = (stage: string | null) => {
      if (stage === null) return 'open';
      const outcome = stageOutcome(noStages, stage, options.stages);
      if (outcome === undefined) notes.unmapped(columns.nameAt(col.stage!), stage);
      return outcome ?? 'open';
    };
    return (r) => {
      const statusText = r.text(col.status);
      const status = statusText === null ? stageStatus(r.text(col.stage)) : lookup(PIPEDRIVE_STATUS, statusText);
      if (!status) {
        throw new FieldError(
          r.field(col.status),
          `"${statusText}" is not a Pipedrive deal status (open, won, lost, deleted)`,
        );
      }
      const createdAt = r.timestamp(col.created);
      if (createdAt === null) throw new FieldError(r.field(col.created), 'the deal creation time is empty');
      const isClosed = status === 'won' || status === 'lost';
      const closedAt = !isClosed
        ? null
        : ((status === 'won' ? r.timestamp(col.wonTime) : r.timestamp(col.lostTime)) ?? r.timestamp(col.closeTime));
      const money = resolveAmountCurrency(r, { amount: col.value, currency: col.currency }, fallback, notes);
      const emails = emailCols.flatMap((c) => extractEmails(r.text(c) ?? undefined));
      return {
        deal_id: r.required(col.id, 'the deal id'),
        source,
        name: r.text(col.title),
        account_name: r.text(col.organization),
        account_domain: domainFromUrl(r.text(col.website) ?? undefined),
        created_at: createdAt,
        updated_at: r.timestamp(col.updated),
        closed_at: closedAt,
        stage: r.text(col.stage),
        is_closed: isClosed,
        is_won: status === 'won',
        amount: money.amount,
        currency: money.currency,
        owner_id: r.text(col.owner),
        pipeline: r.text(col.pipeline),
        converted_from_lead_id: null,
        contact_emails: [...new Set(emails)],
        // MAPPINGS §3 says drop deleted deals: a deleted version supersedes the earlier ones.
        is_deleted: status === 'deleted',
      };
    };
  },
});
