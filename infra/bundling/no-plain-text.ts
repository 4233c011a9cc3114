/**
 * Stands in for `html-to-text` and `entities/lib/decode.js` inside the Lambda bundles (esbuild
 * alias, infra/constructs/lambda-bundling.ts). `@react-email/render` imports them statically
 * but calls them only for `render(…, { plainText: true })`; one-funnel renders the text part
 * itself from the email model (emails/text.ts), so the ~200 KB HTML-to-text stack never runs
 * in a Lambda. Reaching one of these functions is a bug: it fails loudly, never silently.
 */
function notBundled(name: string): never {
  throw new Error(
    `${name} is not bundled in the Lambda (render the text part with emails/text.ts, not render(…, { plainText: true }))`,
  );
}

export function convert(): never {
  return notBundled('html-to-text');
}

export function decodeHTML(): never {
  return notBundled('entities decodeHTML');
}

export function decodeHTMLAttribute(): never {
  return notBundled('entities decodeHTMLAttribute');
}
