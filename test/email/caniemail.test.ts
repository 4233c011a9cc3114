/**
 * Checks the rendered email against caniemail.com data (npm `caniemail` 2.x) for Gmail,
 * Outlook and Apple Mail. Errors ("not supported at all") fail the test unless listed below
 * with the reason they are harmless; "partial support" warnings are printed, not failed.
 * caniemail declares Node >= 22 but runs on Node 20.19+ (its README says so too); if it
 * cannot be loaded here the test skips loudly.
 */
import { describe, expect, it } from 'vitest';
import { renderWeeklyReport } from '../../emails/render.js';
import { PreviewProps } from '../../emails/weekly-report.js';

interface Issue {
  title: string;
  support: string;
  position?: { start: { line: number; column: number }; end: { line: number; column: number } };
}
type CanIEmail = (o: { clients: string[]; html: string }) => {
  success: boolean;
  issues: { errors: Map<string, Issue[]>; warnings: Map<string, Issue[]> };
};

let caniemail: CanIEmail | null = null;
let loadError = '';
try {
  caniemail = ((await import('caniemail')) as unknown as { caniemail: CanIEmail }).caniemail;
} catch (err) {
  loadError = (err as Error).message;
  console.warn(`\n[email] SKIPPED caniemail check: cannot load caniemail on Node ${process.version}: ${loadError}\n`);
}

const CLIENTS = ['gmail.*', 'outlook.*', 'apple-mail.*'];

/** Unsupported features we accept, each with why it does no harm. */
const ACCEPTED: Record<string, string> = {
  // The four below come only from react-email's <Preview> (asserted in the test): the
  // preheader is hidden with them. Where a client ignores them the preheader text shows as
  // the first line, and that line is the report's headline anyway.
  'display:none': 'preheader hiding (Preview) only',
  opacity: 'preheader hiding (Preview) only',
  overflow: 'preheader hiding (Preview) only',
  'max-height property': 'preheader hiding (Preview) only',
  '<body> element':
    'Outlook for Mac ignores styles on <body> (the grey page background); the report card carries its own white background',
  'border-radius': 'Outlook for Windows draws square corners instead of rounded ones: cosmetic',
  'role attribute':
    'Windows Mail ignores role="presentation"; layout tables are then announced as tables by screen readers, nothing breaks visually',
  'word-break':
    'Windows Mail (a wide desktop client) ignores it; it only matters for long addresses on narrow phone screens',
};

function collect(map: Map<string, Issue[]>): Map<string, { clients: string[]; issues: Issue[] }> {
  const out = new Map<string, { clients: string[]; issues: Issue[] }>();
  for (const [client, list] of map) {
    for (const issue of list) {
      const entry = out.get(issue.title) ?? { clients: [], issues: [] };
      if (!entry.clients.includes(client)) entry.clients.push(client);
      entry.issues.push(issue);
      out.set(issue.title, entry);
    }
  }
  return out;
}

describe.skipIf(!caniemail)('caniemail: Gmail, Outlook, Apple Mail', () => {
  it.each(['en', 'de-CH'] as const)(
    'the %s email has no unsupported feature beyond the accepted list',
    async (locale) => {
      const { html } = await renderWeeklyReport({ ...PreviewProps, locale });
      const result = caniemail!({ clients: CLIENTS, html });
      const errors = collect(result.issues.errors);
      const warnings = collect(result.issues.warnings);

      const lines = [...errors].map(
        ([t, e]) => `  error   ${t} (${e.clients.join(', ')})${ACCEPTED[t] ? ' — accepted: ' + ACCEPTED[t] : ''}`,
      );
      lines.push(...[...warnings].map(([t, e]) => `  partial ${t} (${e.clients.length} clients)`));
      console.log(
        `[email] caniemail ${locale}: ${errors.size} unsupported, ${warnings.size} partial\n${lines.join('\n')}`,
      );

      const unexpected = [...errors.keys()].filter((t) => !ACCEPTED[t]);
      expect(unexpected, `unsupported features: ${unexpected.join(', ')}`).toEqual([]);

      // The preheader-only features really come only from the hidden preheader.
      const preview = /<div style="display:none[^"]*"[^>]*>/.exec(html);
      expect(preview).not.toBeNull();
      const rest = html.replace(preview?.[0] ?? '', '');
      expect(rest).not.toMatch(/display:none|opacity|overflow|max-height/);
    },
  );

  it('would catch flex, svg and data-URI images (the checker works here)', () => {
    const result = caniemail!({
      clients: CLIENTS,
      html: '<html><body><div style="display:flex">x</div><img src="data:image/png;base64,AAAA" alt=""></body></html>',
    });
    const titles = [...collect(result.issues.errors).keys()];
    expect(titles).toContain('display:flex');
  });
});
