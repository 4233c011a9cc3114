/**
 * Secrets port: connectors ask for one named secret (e.g. `hubspot`) and get its value, usually
 * a JSON document with the vendor's credentials. Locally from the environment, on AWS from
 * Secrets Manager. Values never go to logs or error messages.
 */
export interface Secrets {
  /** The secret's value; throws `SecretError` (naming the secret, never its value) when absent. */
  get(name: string): Promise<string>;
}

export class SecretError extends Error {
  override name = 'SecretError';
}

/** Reads a secret holding JSON, with an error that names the secret but not the value. */
export async function getJsonSecret(secrets: Secrets, name: string): Promise<Record<string, unknown>> {
  const text = await secrets.get(name);
  try {
    const value: unknown = JSON.parse(text);
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // fall through to the error below: the message must not echo the value
  }
  throw new SecretError(`secret "${name}": expected a JSON object`);
}

/** Secrets from a plain map (tests, `npm run fakes`). */
export class StaticSecrets implements Secrets {
  constructor(private readonly values: Record<string, string | object>) {}
  async get(name: string): Promise<string> {
    const value = this.values[name];
    if (value === undefined) throw new SecretError(`secret "${name}" is not set`);
    return typeof value === 'string' ? value : JSON.stringify(value);
  }
}
