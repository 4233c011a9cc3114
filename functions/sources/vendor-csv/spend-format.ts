/**
 * One builder for the ad-platform spend formats (Google Ads, Meta, LinkedIn): they differ
 * only in header names, where the currency and the dates are written, and the channel rule.
 */
import { DateTime } from 'luxon';
import type { Channel } from '../../core/schema.js';
import type { HeaderAlias } from './columns.js';
import { FieldError, FormatError } from './errors.js';
import { names, type HeaderTable } from './headers.js';
import { defineFormat, mapRow, openFormatTable, reject, resolveColumns, VendorRow, type VendorFormat } from './kit.js';
import type { Mapped, MappingOverrides } from '../labels.js';
import type { HeaderRequirement } from './reader.js';
import { symbolFits } from './values.js';
import { SCHEDULE_HEADERS } from './formats/period-headers.js';
import { checkIdCell } from './ids.js';
import { deriveCampaignId, rangeFromPreamble, SpendCollector } from './spend.js';
import {
  describeSpread,
  outsideReason,
  periodColumn,
  rowDays,
  StatedPeriod,
  type RowDaysSpec,
} from './spend-periods.js';
import { spendRowKind } from './totals.js';

export interface SpendFormatSpec {
  name: string;
  platform: string;
  defaultSource: string;
  description: string;
  /** What identifies the file's header line (also named in the FormatError). */
  required: readonly HeaderRequirement[];
  /** The format's header alias table: tells the header's language, which settles date order and decimals. */
  headers?: HeaderTable;
  columns: {
    day?: readonly HeaderAlias[];
    start?: readonly HeaderAlias[];
    end?: readonly HeaderAlias[];
    campaignId: readonly HeaderAlias[];
    accountId: readonly HeaderAlias[];
    currency: readonly HeaderAlias[];
    cost: readonly HeaderAlias[];
    impressions: readonly HeaderAlias[];
    clicks: readonly HeaderAlias[];
    conversions: readonly HeaderAlias[];
    campaignType?: readonly HeaderAlias[];
  };
  /** Name columns from the campaign level down; the first present is used and reported as `campaignLevel`. */
  nameLevels: readonly { level: string; aliases: readonly HeaderAlias[] }[];
  /** Every campaign of the platform is this channel (Meta, LinkedIn). */
  fixedChannel?: Channel;
  /** Campaign type label → channel (Google Ads: the connector's rule, google-ads/mapping.ts). */
  channelOf?: (type: string, overrides: MappingOverrides) => Mapped<Channel>;
  /** The account id written in the file name, e.g. LinkedIn's `account_513076055_…`. */
  accountIdInFileName?: RegExp;
  /** The platform's summary line has a blank name (Meta's "Include summary row"): see totals.ts. */
  blankNameSummary?: boolean;
  /** Where the platform's UI segments a report by day, named in refusals (e.g. `Breakdown → By time → Day`). */
  byDay: string;
}

export function defineSpendFormat(spec: SpendFormatSpec): VendorFormat {
  return defineFormat({
    name: spec.name,
    table: 'spend',
    defaultSource: spec.defaultSource,
    description: spec.description,
    async *run(input, options, notes) {
      const { table, file, ctx } = await openFormatTable(spec, input, options, notes);
      const col = resolveColumns(file.columns, spec.columns);
      const nameLevel = spec.nameLevels.find((l) => file.columns.has(l.aliases));
      if (!nameLevel) throw new FormatError(`${input.fileName}: ${spec.name}: no campaign name column`);
      const nameCol = file.columns.find(nameLevel.aliases);
      notes.set('campaignLevel', nameLevel.level);

      // Currency: a column, else the amount header ("Amount spent (CHF)"), else the config.
      const costHeader = col.cost === undefined ? '' : file.columns.nameAt(col.cost);
      const headerCurrency = /\(([A-Z]{3})\)\s*$/.exec(costHeader)?.[1] ?? null;
      const fallbackCurrency = headerCurrency ?? options.currency ?? null;
      if (col.currency === undefined && fallbackCurrency === null) {
        throw new FormatError(
          `${input.fileName}: ${spec.name}: expected a currency column or a currency in the "${costHeader}" header, found neither; set sources["${spec.name}"].currency in the config`,
        );
      }

      // Dates: a period column (Day, Week, Month, Quarter), else a per-row start/end, else
      // the range on the title lines. A start column without an end column is a day column
      // (LinkedIn's daily granularity). The title range, when written, also bounds period rows.
      const period = periodColumn(file.columns, col.day ?? (col.end === undefined ? col.start : undefined));
      const perRowRange = period === null && col.start !== undefined && col.end !== undefined;
      const title =
        file.preamble.length > 0
          ? rangeFromPreamble(file.preamble, table.conventions.dateOrder, table.conventions.twoDigitYears)
          : null;
      if (period === null && !perRowRange) {
        if (title === 'all-time') {
          throw new FormatError(
            `${input.fileName}: ${spec.name}: the report covers "All time", which cannot be split into days; export it again with a dated range (or segmented by day)`,
          );
        }
        if (title === null) {
          throw new FormatError(
            `${input.fileName}: ${spec.name}: expected a day column or a date range on the title lines, found neither above the header on line ${file.headerLine}`,
          );
        }
      }
      const days: RowDaysSpec = {
        period,
        rowRange: perRowRange ? { start: col.start!, end: col.end! } : null,
        titleRange: title === 'all-time' ? null : title,
        // A campaign's own Starts / Ends beside a long reporting range (Meta's "Maximum" preset).
        starts: file.columns.find(names(SCHEDULE_HEADERS.starts)),
        ends: file.columns.find(names(SCHEDULE_HEADERS.ends)),
        today: input.today ?? DateTime.now().setZone(input.timezone).toISODate()!,
        byDay: spec.byDay,
      };
      const accountFromName = spec.accountIdInFileName?.exec(input.fileName)?.[1] ?? null;
      const collector = new SpendCollector(spec.defaultSource, spec.platform);
      // Rows that look like totals come back here: only the platform's own summaries are skipped.
      const all = [...table.rows, ...table.totals].sort((a, b) => a.line - b.line);
      const dayCols = [period?.col, perRowRange ? col.start : undefined, perRowRange ? col.end : undefined];
      const channelOf = spec.channelOf;
      let summaries = 0;
      // The period the file states (docs/vendor-imports.md): its title range, else each row's own
      // reporting range (Meta's Reporting starts / ends) when those join into one period.
      const stated = new StatedPeriod(days.titleRange);
      for (const [i, csvRow] of all.entries()) {
        const row = new VendorRow(csvRow, ctx);
        const kind = spendRowKind({
          cells: csvRow.cells,
          nameCol: nameCol!,
          campaignIdCol: col.campaignId,
          dayCols: dayCols.filter((c) => c !== undefined),
          campaignTypeCol: col.campaignType,
          isCampaignType: channelOf && ((label) => channelOf(label, {}).unmapped === undefined),
          blankNameSummary: spec.blankNameSummary ?? false,
          edge: i === 0 || i === all.length - 1,
        });
        if (kind.kind === 'summary') {
          summaries++;
          continue;
        }
        if (kind.kind === 'ambiguous') {
          yield reject(row, row.field(kind.col), kind.reason);
          continue;
        }
        let conflict: ReturnType<SpendCollector['add']> = null;
        const failed = mapRow(row, (r) => {
          const campaignName = r.required(nameCol, 'the campaign name');
          const idText = r.text(col.campaignId);
          const campaignId =
            idText === null ? deriveCampaignId(campaignName) : checkIdCell(idText, r.field(col.campaignId));
          const accountText = r.text(col.accountId);
          const accountId =
            accountText === null
              ? (options.accountId ?? accountFromName)
              : checkIdCell(accountText, r.field(col.accountId));
          const { days: range, covers } = rowDays(r, days);
          if (days.rowRange) stated.add(covers);
          if (range === null) {
            // A zero row outside the range is nothing; a cost without a day is never dropped silently.
            if ((r.money(col.cost).amount ?? 0) === 0) return null;
            throw new FieldError(null, outsideReason(days, covers));
          }
          const currency = r.currency(col.currency) ?? fallbackCurrency;
          if (currency === null) throw new FieldError(r.field(col.currency), 'the currency is empty');
          const money = r.money(col.cost);
          if (money.currency !== null && money.currency !== currency) {
            throw new FieldError(r.field(col.cost), `the cost is in ${money.currency} but the row says ${currency}`);
          }
          // "$" names several currencies: it must fit the file's (a "$" cost in a CAD account is CAD).
          if (money.symbol !== null && !symbolFits(money.symbol, currency)) {
            throw new FieldError(
              r.field(col.cost),
              `the cost is written with "${money.symbol}" but the row's currency is ${currency}`,
            );
          }
          let channel: Channel | null = spec.fixedChannel ?? null;
          if (spec.channelOf && col.campaignType !== undefined) {
            const type = r.text(col.campaignType);
            if (type !== null) {
              const mapped = spec.channelOf(type, options);
              channel = mapped.value;
              if (mapped.unmapped !== undefined) notes.unmapped(r.field(col.campaignType), mapped.unmapped);
            }
          }
          conflict = collector.add({
            row: r,
            range,
            accountId,
            campaignId,
            campaignName,
            channel,
            currency,
            cost: money.amount ?? 0,
            impressions: r.integer(col.impressions),
            clicks: r.integer(col.clicks),
            conversions: r.number(col.conversions),
          });
          return null;
        });
        yield* failed;
        if (conflict) yield conflict;
      }
      if (collector.spreadRows > 0) {
        notes.set('spreadEvenly', true);
        notes.set('range', collector.range);
        notes.set('spreadRows', collector.spreadRows);
        notes.set('spreadOver', describeSpread(days));
      }
      notes.set('skippedTotalsRows', summaries);
      const declared = stated.period();
      if (declared) notes.set('declaredPeriod', declared);
      if (!headerCurrency && col.currency === undefined) notes.set('currencyAssumed', fallbackCurrency);
      yield* collector.rows();
    },
  });
}
