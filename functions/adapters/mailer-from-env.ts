/**
 * Picks the Mailer as SPEC §7 says: Resend when RESEND_API_KEY is set, else the outbox folder.
 */
import type { Mailer } from '../core/mailer.js';
import { OutboxMailer } from './outbox-mailer.js';
import { ResendMailer, type ResendMailerOptions } from './resend-mailer.js';

export function mailerFromEnv(args: {
  outboxDir: string;
  env?: NodeJS.ProcessEnv;
  resend?: Omit<ResendMailerOptions, 'apiKey' | 'baseUrl'>;
}): Mailer {
  const env = args.env ?? process.env;
  const apiKey = env.RESEND_API_KEY?.trim();
  if (apiKey) {
    return new ResendMailer({
      apiKey,
      ...(env.RESEND_BASE_URL ? { baseUrl: env.RESEND_BASE_URL } : {}),
      ...args.resend,
    });
  }
  return new OutboxMailer(args.outboxDir);
}
