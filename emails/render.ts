/**
 * One call for everything the sender needs: subject, preview line, HTML and plain text, all
 * from one model of the report so the two parts carry the same content.
 */
import { render } from '@react-email/render';
import { createElement } from 'react';
import { DATA_CELL_CLASS, dataCellText, font } from './components/theme.js';
import { buildEmailModel } from './model.js';
import type { WeeklyReportEmailProps } from './props.js';
import { renderText } from './text.js';
import { WeeklyReportView } from './weekly-report.js';

export interface RenderedEmail {
  subject: string;
  preview: string;
  html: string;
  text: string;
}

/**
 * Outlook for Windows (Word engine) does not pass a table's font on to its cells and would
 * draw data tables in Times New Roman at its default size; every other client inherits them.
 * Rules in a conditional comment only Outlook reads replace a font-family on each of a few
 * hundred cells, and the size and colour on each data cell (`dataCellText`).
 */
export const OUTLOOK_FONT_RULE =
  `<!--[if mso]><style>td,th{font-family:${font} !important}` +
  `.${DATA_CELL_CLASS}{font-size:${dataCellText.fontSize};line-height:${dataCellText.lineHeight};color:${dataCellText.color}}` +
  `</style><![endif]-->`;

export async function renderWeeklyReport(props: WeeklyReportEmailProps): Promise<RenderedEmail> {
  const model = buildEmailModel(props);
  const rendered = await render(createElement(WeeklyReportView, { model }));
  // React separates adjacent text with `<!-- -->`: invisible, but a few KB of a heavy week.
  const html = rendered.replaceAll('<!-- -->', '').replace('</head>', `${OUTLOOK_FONT_RULE}</head>`);
  return { subject: model.subject, preview: model.preview, html, text: renderText(model) };
}

export type { WeeklyReportEmailProps };
