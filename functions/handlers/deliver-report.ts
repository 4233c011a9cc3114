/**
 * The seam to the email work (issue 4: React Email rendering and the Resend Mailer).
 * Until `emails/` and the Mailer adapter are on main, delivery fails loudly instead of
 * pretending to send; when they land, this becomes: render HTML + text from the report,
 * then `mailer.send(...)` with the idempotency key (Resend dedupes repeated sends).
 */
import type { Config } from '../core/config.js';
import type { FunnelReport } from '../core/report-types.js';
import type { Secrets } from '../core/secrets.js';

export interface DeliveryContext {
  config: Config;
  secrets: Secrets;
  /** Same key for every retry of one week's send, e.g. `weekly-report/2026-W47`. */
  idempotencyKey: string;
}

export interface Delivery {
  /** The provider's message id. */
  id: string;
  recipients: number;
}

export type DeliverReport = (report: FunnelReport, ctx: DeliveryContext) => Promise<Delivery>;

export const deliverReport: DeliverReport = async () => {
  throw new Error('email rendering and the Resend mailer (emails/, issue 4) are not merged into this build');
};
