/**
 * What an import did, in words, from its load manifest: how the file's dates and numbers
 * were read and why, what was set apart (totals, footer lines, not-happened activities),
 * what was estimated (spend spread over days) or assumed (a currency), and which labels and
 * headers were not recognized. Printed by `funnel import` under its one-line result, so the
 * user sees every decision that could change a figure.
 */
import { showInvisible } from '../invisible.js';
import type { LoadManifest } from '../records.js';
import type { SnapshotNote } from './snapshot.js';

const ORDER: Record<string, string> = {
  DMY: 'day-first (DMY)',
  MDY: 'month-first (MDY)',
  YMD: 'year-first (YMD)',
};

interface Decided {
  from?: string;
  evidence?: string;
}

const by = (d: Decided) => {
  if (!d.from) return '';
  if (d.from === 'values') return d.evidence ? ` (settled by ${d.evidence})` : " (from the file's values)";
  if ((d.from === 'format' || d.from === 'export day') && d.evidence) return ` (${d.evidence})`;
  return ` (from the ${d.from})`;
};

/**
 * How a load read its file's bytes, one phrase each (none for a file that needed no decision):
 * the date order, the decimal separator and a text encoding other than UTF-8, each with what
 * decided it. The decisions `funnel rebuild` compares (rebuild.ts `decisionDrift`).
 */
export function describeReading(manifest: LoadManifest): string[] {
  const n = manifest.notes ?? {};
  const lines: string[] = [];
  const dateOrder = n.dateOrder as ({ order: string } & Decided) | undefined;
  if (dateOrder) lines.push(`dates read ${ORDER[dateOrder.order] ?? dateOrder.order}${by(dateOrder)}`);
  const decimal = n.decimalSeparator as ({ separator: string } & Decided) | undefined;
  if (decimal) lines.push(`numbers read with a decimal ${decimal.separator === ',' ? 'comma' : 'point'}${by(decimal)}`);
  if (n.encoding && n.encoding !== 'utf-8') lines.push(`read as ${String(n.encoding)}`);
  return lines;
}

/**
 * One line per fact worth telling (possibly none); each starts with two spaces. `dealSources`
 * (the config's CRMs of record): deals loaded under a source it leaves out are said to count in
 * no figure (docs/methodology.md, "Deals synced between CRMs").
 */
export function describeImport(manifest: LoadManifest, dealSources?: readonly string[]): string[] {
  const n = manifest.notes ?? {};
  const lines: string[] = [];
  if (manifest.table === 'deals' && dealSources && dealSources.length > 0 && !dealSources.includes(manifest.source)) {
    lines.push(
      `left out: dealSources names ${dealSources.map((s) => `"${s}"`).join(', ')}, not "${manifest.source}": these deals count in no figure ` +
        `(right for a CRM that mirrors another's deals); if "${manifest.source}" is a CRM of its own, add it to dealSources`,
    );
  }
  const setting = (key: string) => `sources["${manifest.format}"].${key}`;
  lines.push(...describeReading(manifest));
  if (n.container === 'zip' && Array.isArray(n.members)) {
    lines.push(`read from the ZIP: ${(n.members as string[]).join(', ')}`);
  }
  if (n.container === 'xlsx' && n.sheet) {
    const others = Array.isArray(n.otherSheetsWithData) ? (n.otherSheetsWithData as string[]) : [];
    const notRead = others.length > 0 ? `; not read: ${others.map((x) => `"${x}"`).join(', ')}` : '';
    lines.push(`read the sheet "${String(n.sheet)}" of the workbook${notRead}`);
  }
  const totals = Number(n.skippedTotalsRows ?? 0);
  const footer = Number(n.footerLines ?? 0);
  if (totals + footer > 0) {
    lines.push(
      `not loaded: ${[plural(totals, 'totals row'), plural(footer, 'footer line')].filter(Boolean).join(', ')}`,
    );
  }
  const subtotals = Number(n.skippedSubtotalRows ?? 0);
  if (subtotals > 0) {
    lines.push(
      `not loaded: ${plural(subtotals, 'subtotal row')} (a campaign's, group's or breakdown's "All" row beside its detail rows, which hold the same spend)`,
    );
  }
  // Totals nothing labels, found by their sums beside a column the import does not know (spend-unlabeled-totals.ts).
  const found = (n.unlabeledTotals ?? []) as { line: number; siblings: number[] }[];
  if (found.length > 0) {
    const shown = found
      .slice(0, 3)
      .map((t) => {
        const listed =
          t.siblings.length > 6
            ? `${t.siblings.slice(0, 5).join(', ')}, … (${t.siblings.length} rows)`
            : t.siblings.join(', ');
        return `line ${t.line} (the sum of lines ${listed})`;
      })
      .join(', ');
    const more = found.length > 3 ? ` and ${found.length - 3} more` : '';
    lines.push(
      `of which totals nothing labels: ${shown}${more}, their spend and every count the sum of the rows beside them`,
    );
  }
  // The platform's summary line in words no rule lists, found by its sums (spend-unlabeled-totals.ts fileSummaryOf).
  const summaries = (n.unlabeledSummaries ?? []) as { line: number; siblings: number[] }[];
  if (summaries.length > 0) {
    lines.push(
      `of which summary lines in words the import does not know: ${summaries.map((t) => `line ${t.line}`).join(', ')} (its spend and every count the sum of all ${plural(summaries[0]!.siblings.length, 'other row')} of its period)`,
    );
  }
  const shared = n.rowsSharingKey as { groups: number; rows: number; columns: string[] } | undefined;
  if (shared) {
    const by =
      shared.columns.length > 0
        ? `, told apart only by ${shared.columns.map((c) => `"${c}"`).join(', ')}`
        : ' (no other column tells them apart)';
    lines.push(
      `${plural(shared.rows, 'row')} in ${plural(shared.groups, 'group')} share campaign, day and every column the import knows${by}: summed unless one is the total of the others`,
    );
  }
  if (n.spreadEvenly) {
    const range = n.range as { start: string; end: string } | undefined;
    lines.push(
      `estimated: ${plural(Number(n.spreadRows ?? 0), 'row')} covering several days spread evenly over them${range ? ` (${range.start} to ${range.end})` : ''}; export by day for exact daily spend`,
    );
  }
  const ended = n.spreadEndedByExportDay as { day: string; rows: number } | undefined;
  if (ended) {
    lines.push(
      `${plural(ended.rows, 'row')} ran past the export day ${ended.day}: spread only up to it (nothing is spent on days still to come)`,
    );
  }
  const assumed = n.currencyAssumed;
  if (typeof assumed === 'string') {
    lines.push(`currency assumed: amounts without a currency read as ${assumed}; set ${setting('currency')} to say so`);
  } else if (assumed && typeof assumed === 'object') {
    const a = assumed as { currency: string; from?: string; rows?: number };
    const how = a.from === 'setting' ? `as ${setting('currency')} says` : 'the reporting currency';
    lines.push(
      `currency assumed: ${a.rows === undefined ? 'amounts' : plural(a.rows, 'amount')} without a currency read as ${a.currency}, ${how}`,
    );
  }
  // A column that decides a figure and is not in the file (a lead's channel): the rows loaded, the figure is unknown.
  const missing = n.figureColumnsMissing as { text: string }[] | undefined;
  for (const group of missing ?? []) lines.push(`not measured: ${group.text}`);
  // A count-changing column the file seems to hold under a name the reader does not know (another language's label).
  const unread = n.countColumnsUnread as string[] | undefined;
  for (const line of unread ?? []) lines.push(`columns not read: ${line}`);
  // Converted Salesforce leads in an export without the Converted Contact ID / Opportunity ID columns.
  const converted = Number(n.convertedWithoutIds ?? 0);
  const conversionColumns = n.conversionColumnsMissing as string[] | undefined;
  if (converted > 0 && conversionColumns) {
    const columns = conversionColumns.map((c) => `"${c}"`).join(' or ');
    lines.push(
      `no ${columns} column: ${plural(converted, 'converted lead')} cannot be matched to the contact and opportunity ${converted === 1 ? 'it' : 'they'} became ` +
        '(marketing-sourced is not measured while the opportunities name their contacts only by id); ' +
        `export the leads again with ${conversionColumns.join(' and ')}`,
    );
  }
  const unmapped = n.unmappedLabels as Record<string, Record<string, number>> | undefined;
  // The setting that maps each column's labels (loads since 1.12); a column no setting maps has none.
  const settings = n.unmappedLabelSettings as Record<string, string> | undefined;
  for (const [column, labels] of Object.entries(unmapped ?? {})) {
    const list = Object.entries(labels)
      .map(([label, count]) => `"${showInvisible(label)}" (${count})`)
      .join(', ');
    const setting = settings?.[column];
    const where =
      setting !== undefined
        ? `map them in the config under sources["${manifest.format}"].${setting}`
        : settings !== undefined
          ? 'no setting maps them'
          : `map them in the config under sources["${manifest.format}"] (lifecycleStages, channels or stages)`;
    lines.push(`not recognized in "${column}": ${list}; ${where}`);
  }
  const headers = n.headersNotRecognized as Record<string, string> | undefined;
  for (const [header, closest] of Object.entries(headers ?? {})) {
    lines.push(`column "${header}" not read: not a known name (closest: "${closest}")`);
  }
  const combined = Number(n.combinedRows ?? 0);
  if (combined > 0) {
    // Not rejects: each such row listed one more contact of a record of the file (associations.ts).
    // An activity row is one contact's row (a file line with two contacts is two rows).
    const [rows, what] =
      manifest.table === 'activities' ? (['contact row', 'activity'] as const) : (['row', 'deal'] as const);
    lines.push(
      `combined: ${plural(combined, rows)} into the ${what} of an earlier row (same id and version, its contacts listed again or one by one): their contacts were added to it, not rejected`,
    );
  }
  const readAs = n.dayColumnReadAs as { kind: string; column: string; why: string } | undefined;
  if (readAs)
    lines.push(
      `"${readAs.column}" read as the first day of each ${readAs.kind === 'range' ? "report's range" : readAs.kind}, not a day: ${readAs.why}; ` +
        'each row is spread over its period inside the range (export with a daily time breakdown for exact days)',
    );
  const noTime = Number(n.noHappenedTime ?? 0);
  if (noTime > 0)
    lines.push(
      `not loaded: ${plural(noTime, 'activity', 'activities')} that happened but give${noTime === 1 ? 's' : ''} no time or day of happening ` +
        '(their follow-ups are not counted: export the completion time, e.g. Completed Date/Time)',
    );
  const timeUnknown = Number(n.happenedTimeUnknown ?? 0);
  if (timeUnknown > 0)
    lines.push(
      `read as followed up at a time not known: ${plural(timeUnknown, 'completed activity', 'completed activities')} without a completion time ` +
        '(never overdue; their SLA verdict is untimed unless the export day was within the SLA)',
    );
  const notHappened = Number(n.notHappened ?? 0);
  if (notHappened > 0)
    lines.push(`not loaded: ${plural(notHappened, 'activity', 'activities')} that had not happened (open or planned)`);
  // Salesforce tasks without a Type or Task Subtype column all load as `task`: never a follow-up.
  const untypedTasks = Number(n.untypedTasks ?? 0);
  if (untypedTasks > 0)
    lines.push(
      `no Type or Task Subtype column: the ${plural(untypedTasks, 'task')} ${untypedTasks === 1 ? 'loads' : 'load'} as type task, which is never a follow-up; export the report with Task Subtype`,
    );
  const snapshot = n.snapshot as SnapshotNote | undefined;
  if (snapshot) {
    const endOfDay = new Date(Date.parse(`${manifest.dt}T00:00:00Z`) + 86_400_000).toISOString();
    const why =
      snapshot.at === endOfDay
        ? `the end of the export day ${manifest.dt}, --date`
        : `the file's newest change, after its export day ${manifest.dt}`;
    lines.push(
      `snapshot of ${snapshot.source}: ${snapshot.tombstones} of ${snapshot.currentBefore} current ${manifest.table} not in the file, marked deleted as of ${snapshot.at} (${why})`,
    );
    if (snapshot.newerKept > 0)
      lines.push(
        `kept: ${plural(snapshot.newerKept, 'record')} not in the file but changed after ${snapshot.at} (a later load shows ${snapshot.newerKept === 1 ? 'it' : 'them'})`,
      );
    if (snapshot.createdAfterKept > 0)
      lines.push(
        `kept: ${plural(snapshot.createdAfterKept, 'record')} not in the file but created after its newest record (${snapshot.fileNewest}), perhaps after the export was taken; a later snapshot settles ${snapshot.createdAfterKept === 1 ? 'it' : 'them'}`,
      );
  }
  return lines.map((l) => `  ${l}`);
}

function plural(n: number, one: string, many = `${one}s`): string {
  return n === 0 ? '' : `${n} ${n === 1 ? one : many}`;
}
