/**
 * One builder for the ad-platform spend formats (Google Ads, Meta, LinkedIn): they differ
 * only in header names, where the currency and the dates are written, and the channel rule.
 */
import { DateTime } from 'luxon';
import type { Channel } from '../../core/schema.js';
import type { Columns, HeaderAlias } from './columns.js';
import type { CsvRow } from './reader.js';
import { FieldError, FormatError, orNullOnFieldError } from './errors.js';
import { names, type HeaderTable } from './headers.js';
import { defineFormat, mapRow, openFormatTable, reject, resolveColumns, VendorRow, type VendorFormat } from './kit.js';
import type { Mapped, MappingOverrides } from '../labels.js';
import type { FigureColumns } from './figure-columns.js';
import type { HeaderRequirement } from './reader.js';
import { cell, symbolFits } from './values.js';
import { SCHEDULE_HEADERS } from './formats/period-headers.js';
import { checkIdCell } from './ids.js';
import { zeroTailedIds } from '../../core/id-damage.js';
import { costColumnOf, costColumns } from './spend-cost-columns.js';
import { subtotalsOf, type SubtotalVerdict } from './spend-subtotals.js';
import {
  fileSummaryOf,
  unlabeledTotalsOf,
  type CountCell,
  type RowFigures,
  type UnlabeledTotalColumns,
  type UnlabeledVerdict,
} from './spend-unlabeled-totals.js';
import type { DateOrder } from './date-text.js';
import { deriveCampaignId, rangeFromPreamble, SpendCollector } from './spend.js';
import {
  describeSpread,
  outsideReason,
  periodBreakdownOf,
  periodColumn,
  rowDays,
  StatedPeriod,
  statedDaysOf,
  type RowDaysSpec,
} from './spend-periods.js';
import { levelTotalLabel, spendRowKind } from './totals.js';
import type { ParsedRow } from '../../core/records.js';
import { SUBTOTAL_MISMATCH_NOTE, type SubtotalMismatch } from '../../core/subtotal-mismatch.js';
import { dayOutsideRangeError, decimalsOf, secondReport, secondReportError, SpendFileCheck } from './spend-checks.js';

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
  /**
   * Columns that split a campaign's spend besides the name levels: breakdowns (Meta `Age`,
   * `Country`), campaign groups (LinkedIn). A row empty or `All` in one of them beside rows
   * with values is a subtotal (spend-subtotals.ts).
   */
  breakdowns?: readonly (readonly HeaderAlias[])[];
  /** Every campaign of the platform is this channel (Meta, LinkedIn). */
  fixedChannel?: Channel;
  /** Campaign type label → channel, null when unknown (Google Ads: the connector's rule, google-ads/mapping.ts). */
  channelOf?: (type: string, overrides: MappingOverrides) => Mapped<Channel | null>;
  /**
   * Columns that decide a figure (figure-columns.ts): Google Ads' "Campaign type", without
   * which no row's channel is known (a note at import; the report's paid figures not measured).
   */
  figures?: readonly FigureColumns[];
  /** The account id written in the file name, e.g. LinkedIn's `account_513076055_…`. */
  accountIdInFileName?: RegExp;
  /** The platform's summary line has a blank name (Meta's "Include summary row"): see totals.ts. */
  blankNameSummary?: boolean;
  /** Where the platform's UI segments a report by day, named in refusals (e.g. `Breakdown → By time → Day`). */
  byDay: string;
  /**
   * The order the platform writes numeric dates in whatever the exporting user's UI locale
   * (LinkedIn: M/D/YYYY), with the words the import summary prints. Absent where the platform
   * writes ISO or month names (Google Ads, Meta): a numeric date there was rewritten by a
   * spreadsheet in the user's locale, so the locale tie-break stays.
   */
  fixedDateOrder?: { order: DateOrder; why: string };
}

export function defineSpendFormat(spec: SpendFormatSpec): VendorFormat {
  return defineFormat({
    name: spec.name,
    table: 'spend',
    defaultSource: spec.defaultSource,
    description: spec.description,
    async *run(input, options, notes) {
      const { table, file, ctx } = await openFormatTable(
        { ...spec, money: [{ amount: spec.columns.cost, currency: spec.columns.currency }] },
        input,
        options,
        notes,
      );
      const col = resolveColumns(file.columns, spec.columns);
      const nameLevel = spec.nameLevels.find((l) => file.columns.has(l.aliases));
      if (!nameLevel) throw new FormatError(`${input.fileName}: ${spec.name}: no campaign name column`);
      const nameCol = file.columns.find(nameLevel.aliases);
      notes.set('campaignLevel', nameLevel.level);
      // Rows that look like totals come back here: only the platform's own summaries are skipped.
      const all = [...table.rows, ...table.totals].sort((a, b) => a.line - b.line);
      const stacked = secondReport(all, {
        required: spec.required,
        costCol: col.cost,
        dateOrder: table.conventions.dateOrder,
        twoDigitYears: table.conventions.twoDigitYears,
      });
      if (stacked) throw secondReportError(input.fileName, stacked);

      // Currency: a column, else the amount header ("Amount spent (CHF)"), else the config.
      // Several cost columns when each names its own currency (Meta: "Amount spent (EUR)", "(USD)").
      const costs = costColumns(file.columns, spec.columns.cost, `${input.fileName}: ${spec.name}`);
      const costHeader = col.cost === undefined ? '' : file.columns.nameAt(col.cost);
      const headerCurrency = costs[0]?.currency ?? null;
      const fallbackCurrency = headerCurrency ?? options.currency ?? null;
      if (col.currency === undefined && fallbackCurrency === null) {
        throw new FormatError(
          `${input.fileName}: ${spec.name}: expected a currency column or a currency in the "${costHeader}" header, found neither; set sources["${spec.name}"].currency in the config`,
        );
      }

      // Dates: a period column (Day, Week, Month, Quarter), else a per-row start/end, else
      // the range on the title lines. A start column without an end column is a day column
      // (LinkedIn's daily granularity). The title range, when written, also bounds period rows.
      let period = periodColumn(file.columns, col.day ?? (col.end === undefined ? col.start : undefined));
      const perRowRange = period === null && col.start !== undefined && col.end !== undefined;
      const title =
        file.preamble.length > 0
          ? rangeFromPreamble(file.preamble, table.conventions.dateOrder, table.conventions.twoDigitYears)
          : null;
      // A day column whose values are all period starts under a wider title range is a period
      // breakdown (LinkedIn's Monthly or All time breakdown writes each period's first day):
      // each row is spread over its period inside the range, never put on that one day.
      if (period?.kind === 'day' && title !== null && title !== 'all-time') {
        const dayCol = period.col;
        const seen = table.rows.flatMap((row) => {
          try {
            const day = new VendorRow(row, ctx).date(dayCol);
            return day === null ? [] : [day];
          } catch (err) {
            if (err instanceof FieldError) return [];
            throw err;
          }
        });
        const breakdown = periodBreakdownOf(seen, title);
        if (breakdown?.kind === 'ambiguous')
          throw new FormatError(
            `${input.fileName}: ${spec.name}: "${file.columns.nameAt(dayCol)}" is not a day column as read: ${breakdown.why}; export it with a daily time breakdown`,
          );
        if (breakdown !== null) {
          notes.set('dayColumnReadAs', {
            kind: breakdown.kind,
            column: file.columns.nameAt(dayCol),
            why: breakdown.why,
          });
          period = breakdown.kind === 'range' ? null : { kind: breakdown.kind, col: dayCol };
        }
      }
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
      // A finer level's column (ad set, ad name beside the campaign name) tells identical-looking rows apart.
      const finerLevel = spec.nameLevels
        .slice(spec.nameLevels.indexOf(nameLevel) + 1)
        .some((l) => file.columns.has(l.aliases));
      const check = new SpendFileCheck(input.fileName, finerLevel);
      /** The cost of a row as written, for the checksum; null when it cannot be read (the row is a reject), its currency null when none is written. */
      const costOf = (row: VendorRow, withSetting: boolean) => {
        try {
          const cost = costColumnOf(row, costs);
          const money = row.money(cost.col);
          if (money.amount === null) return null;
          const currency =
            row.currency(col.currency) ?? money.currency ?? cost.currency ?? (withSetting ? fallbackCurrency : null);
          return { currency, amount: money.amount, decimals: decimalsOf(row.text(cost.col) ?? '', ctx.number.decimal) };
        } catch (err) {
          if (err instanceof FieldError) return null;
          throw err;
        }
      };
      const reportCols = col.start !== undefined && col.end !== undefined ? { start: col.start, end: col.end } : null;
      /**
       * Notes the row's key and days for its reject (kit.ts `spendKey`): a row refused with its
       * days read (a cost that does not read, a missing FX rate, a currency conflict) makes the
       * spend of those days not measured; one refused without days of its own (a range too long
       * to spread, a day that does not read) covers the range the file states for it; one
       * without even that keeps its load's rule.
       */
      const noteKey = (r: VendorRow) =>
        r.spendKey(() => {
          // A row refused without days of its own covers what the file states for it (its
          // reporting range, the title range): its cost lies there, and not knowing it leaves
          // those days' spend short (statedDaysOf).
          let span: { start: string; end: string };
          try {
            const { days: range, covers } = rowDays(r, days);
            span = range ?? covers;
          } catch (err) {
            const stated = err instanceof FieldError ? statedDaysOf(r, days, reportCols) : null;
            if (stated === null) throw err;
            span = stated;
          }
          const name = orNullOnFieldError(() => r.text(nameCol));
          const idText = orNullOnFieldError(() => r.text(col.campaignId));
          const campaignId =
            idText !== null
              ? orNullOnFieldError(() => checkIdCell(idText, r.field(col.campaignId)))
              : name !== null
                ? deriveCampaignId(name)
                : null;
          const accountText = orNullOnFieldError(() => r.text(col.accountId));
          const accountId =
            accountText === null
              ? (options.accountId ?? accountFromName)
              : orNullOnFieldError(() => checkIdCell(accountText, r.field(col.accountId)));
          const currency =
            orNullOnFieldError(() => r.currency(col.currency)) ??
            orNullOnFieldError(() => costColumnOf(r, costs).currency) ??
            options.currency ??
            null;
          return {
            record: {
              source: spec.defaultSource,
              platform: spec.platform,
              account_id: accountId,
              currency,
              campaign_id: campaignId,
            },
            start: span.start,
            end: span.end,
          };
        });
      // Rejects are held until the whole-file checks have passed: a refused file loads nothing.
      const out: ParsedRow[] = [];
      const dayOutside: { line: number; day: string }[] = [];
      const dayCols = [period?.col, perRowRange ? col.start : undefined, perRowRange ? col.end : undefined];
      const channelOf = spec.channelOf;
      let summaries = 0;
      // A campaign's or group's own row beside its detail rows (spend-subtotals.ts).
      const present = (aliases: readonly HeaderAlias[]) => file.columns.find(aliases);
      const nameCols = spec.nameLevels.map((l) => present(l.aliases)).filter((c) => c !== undefined);
      const levelCols = [...spec.nameLevels.map((l) => l.aliases), ...(spec.breakdowns ?? [])]
        .map(present)
        .filter((c) => c !== undefined);
      // An empty cost cell is no spend (a zero row), not a cost that cannot be read.
      const costFor = (r: CsvRow) =>
        costOf(new VendorRow(r, ctx), true) ??
        (costs.every((c) => cell(r.cells[c.col]) === null) ? { amount: 0, currency: null, decimals: 0 } : null);
      const kinds = all.map((csvRow, i) =>
        spendRowKind({
          cells: csvRow.cells,
          nameCol: nameCol!,
          campaignIdCol: col.campaignId,
          dayCols: dayCols.filter((c) => c !== undefined),
          campaignTypeCol: col.campaignType,
          isCampaignType: channelOf && ((label) => channelOf(label, {}).unmapped === undefined),
          blankNameSummary: spec.blankNameSummary ?? false,
          edge: i === 0 || i === all.length - 1,
        }),
      );
      /** A row's cost and counts as written, for the totals found by their sums (spend-unlabeled-totals.ts). */
      const figuresOf = (r: CsvRow): RowFigures => {
        const row = new VendorRow(r, ctx);
        const count = (c: number | undefined): CountCell => {
          try {
            const value = row.number(c);
            return value === null ? null : { value, decimals: decimalsOf(row.text(c) ?? '', ctx.number.decimal) };
          } catch (err) {
            if (err instanceof FieldError) return 'unreadable';
            throw err;
          }
        };
        return { cost: costFor(r), counts: countCols.map(count) };
      };
      const countCols = [col.impressions, col.clicks, col.conversions].filter((c) => c !== undefined);
      // A total nothing labels, beside the rows of a column the import does not know
      // (spend-unlabeled-totals.ts): judged first, so the subtotal rule sums no such total.
      const unlabeled = unlabeledTotalsOf(
        all.filter((_, i) => kinds[i]!.kind === 'campaign'),
        unlabeledColumns(file.columns, {
          key: [
            col.accountId,
            col.campaignId,
            col.currency,
            col.campaignType,
            ...dayCols,
            days.starts,
            days.ends,
            ...levelCols,
          ],
          counts: [col.impressions, col.clicks, col.conversions],
          figures: costs.map((c) => c.col),
        }),
        figuresOf,
      );
      if (unlabeled.shared) notes.set('rowsSharingKey', unlabeled.shared);
      // Each is checked against its finest detail rows' costs: left out only when they sum to it.
      const subtotals = subtotalsOf(
        all.filter((r) => !unlabeled.verdicts.has(r.line)),
        {
          names: nameCols,
          levels: levelCols,
          keys: [col.campaignId, col.accountId].filter((c) => c !== undefined),
          period: dayCols.filter((c) => c !== undefined),
        },
        costFor,
      );
      // The platform's summary line in words totals.ts does not know, found by its sums against
      // every other row of the file (spend-unlabeled-totals.ts fileSummaryOf).
      const fileSummary = fileSummaryOf(
        all.filter(
          (r, i) => kinds[i]!.kind === 'campaign' && !unlabeled.verdicts.has(r.line) && !subtotals.has(r.line),
        ),
        [all[0], all.at(-1)].filter((r) => r !== undefined),
        {
          day: period === null ? [] : [period.col],
          scope: [col.accountId, perRowRange ? col.start : undefined, perRowRange ? col.end : undefined].filter(
            (c) => c !== undefined,
          ),
          campaignId: col.campaignId,
          counts: countCols.map((c) => ({ col: c, header: file.columns.nameAt(c) })),
        },
        figuresOf,
      );
      /** Summary lines found by their sums and left out (note `unlabeledSummaries`): line, the rows they sum. */
      const unlabeledSummaries: { line: number; siblings: number[] }[] = [];
      /** The unlabeled totals left out (note `unlabeledTotals`): line, the sibling lines, the columns that told them apart. */
      const unlabeledTotals: { line: number; siblings: number[]; columns: string[] }[] = [];
      let subtotalRows = 0;
      /** Subtotal rows whose detail rows do not sum to them (rejected): the report's spend of their days is not measured. */
      const mismatched: SubtotalMismatch[] = [];
      /** Rows whose range ran past the export day, spread only up to it. */
      let endedRows = 0;
      // The period the file states (docs/vendor-imports.md): its title range, else each row's own
      // reporting range (Meta's Reporting starts / ends) when those join into one period.
      const stated = new StatedPeriod(days.titleRange);
      // Long numeric ids a spreadsheet rounded to 15 digits (`120210000000000000`), per id column
      // over the whole file: one cell alone cannot show it (core/id-damage.ts).
      const idCells = (idCol: number | undefined, nameOf: number | undefined) =>
        all.flatMap((csvRow, i) => {
          if (idCol === undefined || kinds[i]!.kind === 'summary') return [];
          const value = cell(csvRow.cells[idCol]); // cell() already drops format characters
          return value === null ? [] : [{ value, name: nameOf === undefined ? null : cell(csvRow.cells[nameOf]) }];
        });
      const zeroTailed = {
        campaign: zeroTailedIds(idCells(col.campaignId, nameCol)),
        account: zeroTailedIds(idCells(col.accountId, undefined)),
      };
      const checkLongId = (id: string, field: string, damage: ReturnType<typeof zeroTailedIds>) => {
        if (damage.ids.has(id)) throw new FieldError(field, damage.reason(id));
        return id;
      };
      for (const [i, csvRow] of all.entries()) {
        const row = new VendorRow(csvRow, ctx);
        const kind = kinds[i]!;
        if (kind.kind === 'summary') {
          summaries++;
          const shape = { cells: csvRow.cells, nameCol: nameCol!, blankNameSummary: spec.blankNameSummary ?? false };
          const label = levelTotalLabel(shape);
          const cost = label === null ? null : costOf(row, false);
          if (label !== null && cost) {
            check.addTotal({
              line: csvRow.line,
              label,
              currency: cost.currency,
              amount: cost.amount,
              decimals: cost.decimals,
            });
          }
          continue;
        }
        const summary = fileSummary.get(csvRow.line);
        if (summary?.kind === 'same') {
          summaries++;
          unlabeledSummaries.push({ line: csvRow.line, siblings: summary.siblings });
          continue;
        }
        const total = unlabeled.verdicts.get(csvRow.line) ?? summary;
        const subtotal: UnlabeledVerdict | SubtotalVerdict | undefined = total ?? subtotals.get(csvRow.line);
        if (subtotal?.kind === 'same') {
          subtotalRows++;
          if (total?.kind === 'same')
            unlabeledTotals.push({ line: csvRow.line, siblings: total.siblings, columns: total.columns });
          continue;
        }
        if (subtotal?.kind === 'differs') {
          // Rejected with both sums; its detail rows still load (nothing lost), and the note makes
          // the spend of its days not measured in the report (a short sum is never a figure).
          out.push(
            ...mapRow(row, (r) => {
              // What cannot be read is left null here: the reject's reason is the sums.
              const covers = orNullOnFieldError(() => rowDays(r, days).covers);
              mismatched.push({
                line: csvRow.line,
                start: covers?.start ?? null,
                end: covers?.end ?? null,
                platform: spec.platform,
                accountId: orNullOnFieldError(() => r.text(col.accountId)) ?? options.accountId ?? accountFromName,
                currency: subtotal.currency,
                subtotal: subtotal.subtotal,
                details: subtotal.details,
                detailRows: subtotal.rows,
                decimals: subtotal.decimals,
                ...(subtotal.doubt ? { doubt: subtotal.doubt } : {}),
              });
              const field = orNullOnFieldError(() => r.field(costColumnOf(r, costs).col));
              throw new FieldError(field, subtotal.reason);
            }),
          );
          continue;
        }
        if (kind.kind === 'ambiguous') {
          check.addRow(csvRow.cells, csvRow.line, costOf(row, true), false);
          noteKey(row);
          out.push(reject(row, row.field(kind.col), kind.reason));
          continue;
        }
        let conflict: ReturnType<SpendCollector['add']> = null;
        noteKey(row);
        const failed = mapRow(row, (r) => {
          const campaignName = r.required(nameCol, 'the campaign name');
          const idText = r.text(col.campaignId);
          const campaignId =
            idText === null
              ? deriveCampaignId(campaignName)
              : checkLongId(checkIdCell(idText, r.field(col.campaignId)), r.field(col.campaignId), zeroTailed.campaign);
          const accountText = r.text(col.accountId);
          const accountId =
            accountText === null
              ? (options.accountId ?? accountFromName)
              : checkLongId(
                  checkIdCell(accountText, r.field(col.accountId)),
                  r.field(col.accountId),
                  zeroTailed.account,
                );
          const cost = costColumnOf(r, costs);
          const { days: range, covers, endedByExportDay } = rowDays(r, days);
          if (endedByExportDay && range !== null) endedRows++;
          if (days.rowRange) stated.add(covers);
          const title = days.titleRange;
          if (days.period?.kind === 'day' && title && (covers.start < title.start || covers.start > title.end)) {
            dayOutside.push({ line: r.row.line, day: covers.start });
          }
          if (range === null) {
            // A zero row outside the range is nothing; a cost without a day is never dropped silently.
            if ((r.money(cost.col).amount ?? 0) === 0) return null;
            throw new FieldError(null, outsideReason(days, covers));
          }
          const written = r.currency(col.currency);
          // The cost header names the cost's currency ("Amount spent (EUR)"): a row's Currency
          // cell that says another cannot be read either way (200 EUR or 200 USD?).
          if (written !== null && cost.currency !== null && written !== cost.currency) {
            throw new FieldError(
              r.field(col.currency),
              `the row says ${written} but the cost column "${cost.header}" is in ${cost.currency}; export the report again with one currency per cost column`,
            );
          }
          const currency = written ?? cost.currency ?? options.currency ?? null;
          if (currency === null) throw new FieldError(r.field(col.currency), 'the currency is empty');
          const money = r.money(cost.col);
          if (money.currency !== null && money.currency !== currency) {
            throw new FieldError(r.field(cost.col), `the cost is in ${money.currency} but the row says ${currency}`);
          }
          // "$" names several currencies: it must fit the file's (a "$" cost in a CAD account is CAD).
          if (money.symbol !== null && !symbolFits(money.symbol, currency)) {
            throw new FieldError(
              r.field(cost.col),
              `the cost is written with "${money.symbol}" but the row's currency is ${currency}`,
            );
          }
          let channel: Channel | null = spec.fixedChannel ?? null;
          if (spec.channelOf && col.campaignType !== undefined) {
            const type = r.text(col.campaignType);
            if (type !== null) {
              const mapped = spec.channelOf(type, options);
              channel = mapped.value;
              if (mapped.unmapped !== undefined) notes.unmapped(r.field(col.campaignType), mapped.unmapped, 'channels');
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
        out.push(...failed);
        if (conflict) out.push(conflict);
        const loaded = conflict === null && failed.every((f) => f.ok);
        check.addRow(csvRow.cells, csvRow.line, costOf(row, true), loaded);
      }
      if (dayOutside[0] && days.titleRange) {
        throw dayOutsideRangeError(input.fileName, dayOutside[0].line, dayOutside[0].day, days.titleRange);
      }
      const checked = check.verify();
      if (checked.length > 0) notes.set('totalsChecked', checked);
      if (check.identicalRows > 0) notes.set('identicalRowsKept', check.identicalRows);
      if (collector.spreadRows > 0) {
        notes.set('spreadEvenly', true);
        notes.set('range', collector.range);
        notes.set('spreadRows', collector.spreadRows);
        notes.set('spreadOver', describeSpread(days));
        // Where the platform exports the report by day: the fix a refusal of spread spend names (spend-overlap.ts).
        notes.set('byDay', spec.byDay);
      }
      if (endedRows > 0) notes.set('spreadEndedByExportDay', { day: days.today, rows: endedRows });
      notes.set('skippedTotalsRows', summaries);
      if (subtotalRows > 0) notes.set('skippedSubtotalRows', subtotalRows);
      if (unlabeledTotals.length > 0) notes.set('unlabeledTotals', unlabeledTotals);
      if (unlabeledSummaries.length > 0) notes.set('unlabeledSummaries', unlabeledSummaries);
      if (mismatched.length > 0) notes.set(SUBTOTAL_MISMATCH_NOTE, mismatched);
      const declared = stated.period();
      if (declared) notes.set('declaredPeriod', declared);
      if (!headerCurrency && col.currency === undefined) notes.set('currencyAssumed', fallbackCurrency);
      yield* out;
      yield* collector.rows();
    },
  });
}

/**
 * The columns of a spend file for the unlabeled-total check (spend-unlabeled-totals.ts): the
 * known key columns present, the count columns present (with their headers), and every other
 * column the import reads nothing from (`figures` are the cost columns; a header's twins count
 * as known).
 */
function unlabeledColumns(
  columns: Columns,
  known: {
    key: readonly (number | undefined)[];
    counts: readonly (number | undefined)[];
    figures: readonly number[];
  },
): UnlabeledTotalColumns {
  const key = known.key.filter((c) => c !== undefined);
  const counts = known.counts.filter((c) => c !== undefined);
  const read = new Set([...key, ...counts, ...known.figures]);
  for (const c of [...read]) for (const t of columns.twins(c)) read.add(t);
  return {
    key,
    counts: counts.map((col) => ({ col, header: columns.nameAt(col) })),
    unknown: columns.names.flatMap((_, col) => (read.has(col) ? [] : [{ col, header: columns.nameAt(col) }])),
  };
}
