import type { CSSProperties } from 'react';
import type { Tone } from '../model.js';

/**
 * System fonts only: web fonts are dropped by most clients and cost bytes. Unquoted family
 * names keep React from escaping quotes in every style attribute. The family is set on each
 * text cell (`<td>`/`<th>`), not on every paragraph: children inherit it, and cells are where
 * Outlook for Windows needs it. This keeps the HTML small (Gmail clips at 102 KB).
 */
export const font = '-apple-system,Segoe UI,Helvetica,Arial,sans-serif';

export const color = {
  text: '#1f2328',
  muted: '#5c6169',
  border: '#e3e6e8',
  page: '#f2f3f5',
  card: '#ffffff',
  panel: '#f7f8fa',
  bar: '#2f5fd0',
  barPast: '#b7c7ee',
  track: '#eceff3',
  marketing: '#2f5fd0',
  sales: '#0f766e',
  attention: '#fff7e6',
  attentionBorder: '#f3d08a',
  link: '#1d4ed8',
} as const;

/** Badge colours from Site Kit's change badge (8–9:1 contrast); neutral for "no judgement". */
export const toneColor: Record<Tone, { fg: string; bg: string }> = {
  good: { fg: '#1F4C04', bg: '#D8FFC0' },
  bad: { fg: '#7A1E00', bg: '#FFDED3' },
  neutral: { fg: '#3c4043', bg: '#eceff1' },
};

export const text: CSSProperties = { fontSize: '14px', lineHeight: '20px', color: color.text, margin: 0 };
export const small: CSSProperties = { ...text, fontSize: '12px', lineHeight: '16px', color: color.muted };
export const h2: CSSProperties = {
  fontSize: '18px',
  lineHeight: '24px',
  fontWeight: 700,
  color: color.text,
  margin: '0 0 8px 0',
};
export const h3: CSSProperties = { ...text, fontSize: '15px', fontWeight: 700, margin: '16px 0 6px 0' };

/** Put on every cell that holds text. */
export const cell: CSSProperties = { fontFamily: font };

/**
 * The HTML `nowrap` attribute (React knows no `noWrap` prop on `td`): keeps numbers on one
 * line even in Outlook for Windows, which ignores CSS `white-space`.
 */
export const noWrap = { nowrap: 'nowrap' } as Record<string, string>;

/**
 * The text of a data-table cell. Set once on the table (every client but Outlook for Windows
 * inherits it) and, for Outlook's Word engine, in render.ts's conditional rule for the cells
 * with class `DATA_CELL_CLASS`: repeated on every cell it was a fifth of the HTML.
 */
export const dataCellText = { fontSize: '13px', lineHeight: '18px', color: color.text } as const;
export const DATA_CELL_CLASS = 'd';
