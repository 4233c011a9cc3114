/**
 * Secrets from environment variables (local mode): secret `hubspot` is read from
 * `FUNNEL_SECRET_HUBSPOT`, `google_ads` from `FUNNEL_SECRET_GOOGLE_ADS`. Values are usually JSON.
 */
import { SecretError, type Secrets } from '../core/secrets.js';

export function envSecretName(name: string): string {
  return `FUNNEL_SECRET_${name.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}`;
}

export class EnvSecrets implements Secrets {
  constructor(private readonly env: NodeJS.ProcessEnv = process.env) {}

  async get(name: string): Promise<string> {
    const variable = envSecretName(name);
    const value = this.env[variable];
    if (value === undefined || value.trim() === '') {
      throw new SecretError(`secret "${name}" is not set (set the environment variable ${variable})`);
    }
    return value;
  }
}
