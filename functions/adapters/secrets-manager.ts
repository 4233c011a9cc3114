/**
 * Secrets from AWS Secrets Manager: secret `hubspot` is `<prefix>/hubspot`. Values are
 * cached for a few minutes per warm Lambda; they never reach logs or error messages.
 */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SecretError, type Secrets } from '../core/secrets.js';

export interface SecretsManagerSecretsOptions {
  client?: SecretsManagerClient;
  /** e.g. `one-funnel`; secret ids are `<prefix>/<name>`. */
  prefix: string;
  /** @default 300000 (5 minutes) */
  ttlMs?: number;
  now?: () => number;
}

export class SecretsManagerSecrets implements Secrets {
  private readonly client: SecretsManagerClient;
  private readonly cache = new Map<string, { value: string; until: number }>();

  constructor(private readonly options: SecretsManagerSecretsOptions) {
    this.client = options.client ?? new SecretsManagerClient({});
  }

  secretId(name: string): string {
    if (!/^[A-Za-z0-9_.-]+$/.test(name)) throw new SecretError(`secret name "${name}" is not valid`);
    return `${this.options.prefix}/${name}`;
  }

  async get(name: string): Promise<string> {
    const now = (this.options.now ?? Date.now)();
    const hit = this.cache.get(name);
    if (hit && hit.until > now) return hit.value;
    const id = this.secretId(name);
    let value: string | undefined;
    try {
      const out = await this.client.send(new GetSecretValueCommand({ SecretId: id }));
      value = out.SecretString ?? (out.SecretBinary ? Buffer.from(out.SecretBinary).toString('utf8') : undefined);
    } catch (err) {
      const code = (err as Error).name;
      if (code === 'ResourceNotFoundException')
        throw new SecretError(`secret "${name}" not found (Secrets Manager id ${id})`);
      // The SDK's message never holds the value; keep only the error name to be sure.
      throw new SecretError(`secret "${name}" could not be read (${code})`);
    }
    if (value === undefined || value.trim() === '') throw new SecretError(`secret "${name}" is empty (${id})`);
    this.cache.set(name, { value, until: now + (this.options.ttlMs ?? 300_000) });
    return value;
  }
}
