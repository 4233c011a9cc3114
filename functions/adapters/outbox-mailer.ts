/**
 * The local Mailer: writes each message to a folder as `.html`, `.txt` and a standard `.eml`
 * (RFC 5322, multipart/alternative; multipart/mixed around it when there are attachments)
 * that any mail client opens. Idempotent like Resend, but
 * for good: a key sent once is never written again.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { addressOf, keyDigest, type MailMessage, type Mailer, MailerError, type SendResult } from '../core/mailer.js';

const CRLF = '\r\n';

export interface OutboxMailerOptions {
  /** Clock for the Date header. @default () => new Date() */
  now?: () => Date;
}

interface SentRecord {
  id: string;
  files: string[];
  sentAt: string;
}

export class OutboxMailer implements Mailer {
  readonly kind = 'outbox';
  private readonly now: () => Date;

  constructor(
    readonly dir: string,
    options: OutboxMailerOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
  }

  async send(message: MailMessage): Promise<SendResult> {
    validate(message);
    const digest = keyDigest(message.idempotencyKey);
    const label = (message.label ?? 'message').replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 40);
    const base = `${label}-${digest}`;
    const markerDir = join(this.dir, '.sent');
    const marker = join(markerDir, `${keyDigest(message.idempotencyKey, 64)}.json`);
    await mkdir(markerDir, { recursive: true });

    const existing = await readRecord(marker);
    if (existing) return deduplicated(existing);

    // Write to temporary names, claim the key with an exclusive create, then move into place:
    // two concurrent sends with one key leave exactly one set of files.
    const tmp = `.tmp-${randomBytes(6).toString('hex')}`;
    const files = { html: `${base}.html`, txt: `${base}.txt`, eml: `${base}.eml` };
    const contents: Record<keyof typeof files, string> = {
      html: message.html,
      txt: message.text,
      eml: buildEml(message, this.now(), digest),
    };
    for (const ext of Object.keys(files) as (keyof typeof files)[]) {
      await writeFile(join(this.dir, `${files[ext]}${tmp}`), contents[ext]);
    }
    const record: SentRecord = { id: base, files: Object.values(files), sentAt: this.now().toISOString() };
    let handle;
    try {
      handle = await open(marker, 'wx');
    } catch (err) {
      for (const f of Object.values(files)) await rm(join(this.dir, `${f}${tmp}`), { force: true });
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') {
        const winner = await readRecord(marker);
        if (winner) return deduplicated(winner);
        return { id: base, deduplicated: true, note: 'outbox: already sent (concurrent send); nothing written' };
      }
      throw err;
    }
    try {
      for (const f of Object.values(files)) await rename(join(this.dir, `${f}${tmp}`), join(this.dir, f));
      await handle.writeFile(JSON.stringify(record));
    } finally {
      await handle.close();
    }
    return { id: base, note: `outbox: wrote ${record.files.join(', ')} to ${this.dir}` };
  }
}

function deduplicated(record: SentRecord): SendResult {
  return {
    id: record.id,
    deduplicated: true,
    note: `outbox: already sent at ${record.sentAt} (${record.id}); nothing new written`,
  };
}

async function readRecord(path: string): Promise<SentRecord | null> {
  try {
    const parsed = JSON.parse(await readFile(path, 'utf8')) as SentRecord;
    return parsed && typeof parsed.id === 'string' ? parsed : null;
  } catch {
    return null;
  }
}

function validate(message: MailMessage): void {
  const fail = (field: string, why: string): never => {
    throw new MailerError(`outbox: ${field}: ${why}`, 'validation_error');
  };
  if (!message.from?.trim()) fail('from', 'missing');
  if (!Array.isArray(message.to) || message.to.length === 0) fail('to', 'needs at least one recipient');
  if (message.to.length > 50) fail('to', `at most 50 recipients, got ${message.to.length}`);
  if (!message.subject?.trim()) fail('subject', 'missing');
  if (!message.idempotencyKey || message.idempotencyKey.length > 256)
    fail('idempotencyKey', 'must be 1–256 characters');
  for (const h of [message.from, message.replyTo ?? '', message.subject, ...message.to]) {
    if (/[\r\n]/.test(h)) fail('headers', 'line breaks are not allowed in header values');
  }
  for (const a of message.attachments ?? []) {
    if (!a.filename?.trim() || /[\\/\r\n\0]/.test(a.filename))
      fail('attachments', 'a file name without a path is required');
    if (!/^[\w.+-]+\/[\w.+-]+(?:\s*;\s*[\w.+-]+=[\w.+"-]+)*$/.test(a.contentType))
      fail('attachments', 'content type must be a MIME type');
  }
}

// ---------------------------------------------------------------------------------------
// RFC 5322 / 2045 / 2047 message writing

/** RFC 2047 encoded-words (UTF-8, base64), each ≤ 75 chars, folded onto continuation lines. */
export function encodeHeaderValue(value: string): string {
  if (/^[\x20-\x7e]*$/.test(value)) return value;
  const words: string[] = [];
  let chunk = '';
  for (const ch of value) {
    // 39 bytes of UTF-8 → 52 base64 chars + 12 of framing = 64, so "Subject: " + word ≤ 76.
    if (Buffer.byteLength(chunk + ch) > 39) {
      words.push(chunk);
      chunk = '';
    }
    chunk += ch;
  }
  if (chunk) words.push(chunk);
  return words.map((w) => `=?UTF-8?B?${Buffer.from(w, 'utf8').toString('base64')}?=`).join(`${CRLF} `);
}

/** "Name <a@b>" with the display name encoded when it is not plain ASCII. */
export function encodeAddress(recipient: string): string {
  const m = /^\s*"?([^"<>]*?)"?\s*<([^<>]+)>\s*$/.exec(recipient);
  if (!m) return recipient.trim();
  const [, name = '', address = ''] = m;
  if (!name) return `<${address.trim()}>`;
  const display = /^[\x20-\x7e]*$/.test(name)
    ? /[()<>@,;:\\".[\]]/.test(name)
      ? `"${name.replace(/(["\\])/g, '\\$1')}"`
      : name
    : encodeHeaderValue(name);
  return `${display} <${address.trim()}>`;
}

function base64Body(content: string | Uint8Array): string {
  const b64 = (typeof content === 'string' ? Buffer.from(content, 'utf8') : Buffer.from(content)).toString('base64');
  return (b64.match(/.{1,76}/g) ?? []).join(CRLF);
}

/**
 * A `name`/`filename` parameter: quoted when plain printable ASCII, else RFC 2231
 * (`filename*=UTF-8''…`), which mail clients read for non-ASCII file names.
 */
export function fileParameter(param: string, value: string): string {
  if (/^[\x20-\x7e]*$/.test(value) && !/["\\]/.test(value)) return `${param}="${value}"`;
  const encoded = [...Buffer.from(value, 'utf8')]
    .map((b) =>
      /[A-Za-z0-9!#$&+.^_`|~-]/.test(String.fromCharCode(b))
        ? String.fromCharCode(b)
        : `%${b.toString(16).toUpperCase().padStart(2, '0')}`,
    )
    .join('');
  return `${param}*=UTF-8''${encoded}`;
}

function rfc5322Date(d: Date): string {
  // toUTCString gives "Mon, 23 Nov 2026 06:00:00 GMT"; RFC 5322 prefers a numeric zone.
  return d.toUTCString().replace(/GMT$/, '+0000');
}

export function buildEml(message: MailMessage, date: Date, digest: string): string {
  const attachments = message.attachments ?? [];
  // Text and HTML are alternatives of one body; attachments make it multipart/mixed around
  // that body (RFC 2046 §5.1.3), the structure every mail client opens. The boundaries differ
  // in their first characters, so neither is a prefix of the other.
  const alternative = attachments.length > 0 ? `=_alt_one-funnel_${digest}` : `=_one-funnel_${digest}`;
  const mixed = `=_mixed_one-funnel_${digest}`;
  const fromDomain = addressOf(message.from).split('@')[1] ?? 'localhost';
  const headers = [
    `From: ${encodeAddress(message.from)}`,
    `To: ${message.to.map(encodeAddress).join(`,${CRLF} `)}`,
    ...(message.replyTo ? [`Reply-To: ${encodeAddress(message.replyTo)}`] : []),
    `Subject: ${encodeHeaderValue(message.subject)}`,
    `Date: ${rfc5322Date(date)}`,
    `Message-ID: <${digest}.${message.label ?? 'message'}@${fromDomain}>`.replace(/[^\x21-\x7e ]/g, ''),
    'MIME-Version: 1.0',
    attachments.length > 0
      ? `Content-Type: multipart/mixed; boundary="${mixed}"`
      : `Content-Type: multipart/alternative; boundary="${alternative}"`,
  ];
  const part = (type: string, content: string) =>
    [
      `--${alternative}`,
      `Content-Type: ${type}; charset=UTF-8`,
      'Content-Transfer-Encoding: base64',
      '',
      base64Body(content),
    ].join(CRLF);
  const body = [part('text/plain', message.text), part('text/html', message.html), `--${alternative}--`];
  const preamble = [...headers, '', 'This is a multi-part message in MIME format.'];
  if (attachments.length === 0) return [...preamble, ...body, ''].join(CRLF);
  // Parameters folded onto their own lines keep every line within 78 characters.
  const files = attachments.map((a) =>
    [
      `--${mixed}`,
      `Content-Type: ${a.contentType};${CRLF} ${fileParameter('name', a.filename)}`,
      `Content-Disposition: attachment;${CRLF} ${fileParameter('filename', a.filename)}`,
      'Content-Transfer-Encoding: base64',
      '',
      base64Body(a.content),
    ].join(CRLF),
  );
  return [
    ...preamble,
    `--${mixed}`,
    `Content-Type: multipart/alternative; boundary="${alternative}"`,
    '',
    ...body,
    ...files,
    `--${mixed}--`,
    '',
  ].join(CRLF);
}
