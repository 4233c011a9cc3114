/**
 * One call for everything the sender needs: subject, preview line, HTML and plain text, all
 * from one model of the report so the two parts carry the same content.
 */
import { render } from '@react-email/render';
import { createElement } from 'react';
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

export async function renderWeeklyReport(props: WeeklyReportEmailProps): Promise<RenderedEmail> {
  const model = buildEmailModel(props);
  const html = await render(createElement(WeeklyReportView, { model }));
  return { subject: model.subject, preview: model.preview, html, text: renderText(model) };
}

export type { WeeklyReportEmailProps };
