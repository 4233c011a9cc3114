import {
  GetSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { SecretsManagerSecrets } from '../../functions/adapters/secrets-manager.js';
import { getJsonSecret } from '../../functions/core/secrets.js';

const sm = mockClient(SecretsManagerClient);
let clock = 0;
const secrets = () =>
  new SecretsManagerSecrets({
    client: new SecretsManagerClient({ region: 'eu-central-1' }),
    prefix: 'one-funnel',
    now: () => clock,
  });

beforeEach(() => {
  sm.reset();
  clock = 0;
});

describe('SecretsManagerSecrets', () => {
  it('reads <prefix>/<name> and caches it for five minutes', async () => {
    sm.on(GetSecretValueCommand, { SecretId: 'one-funnel/hubspot' }).resolves({
      SecretString: '{"accessToken":"pat-eu1-x"}',
    });
    const s = secrets();
    expect(await getJsonSecret(s, 'hubspot')).toEqual({ accessToken: 'pat-eu1-x' });
    await s.get('hubspot');
    expect(sm.commandCalls(GetSecretValueCommand)).toHaveLength(1);
    clock += 300_001;
    await s.get('hubspot');
    expect(sm.commandCalls(GetSecretValueCommand)).toHaveLength(2);
  });

  it('names a missing or empty secret without ever echoing a value', async () => {
    sm.on(GetSecretValueCommand, { SecretId: 'one-funnel/resend' }).rejects(
      new ResourceNotFoundException({ message: 'Secrets Manager can’t find the specified secret.', $metadata: {} }),
    );
    sm.on(GetSecretValueCommand, { SecretId: 'one-funnel/empty' }).resolves({ SecretString: ' ' });
    sm.on(GetSecretValueCommand, { SecretId: 'one-funnel/bad-json' }).resolves({ SecretString: 're_live_SECRET' });
    await expect(secrets().get('resend')).rejects.toThrow(
      'secret "resend" not found (Secrets Manager id one-funnel/resend)',
    );
    await expect(secrets().get('empty')).rejects.toThrow('secret "empty" is empty');
    const err = await getJsonSecret(secrets(), 'bad-json').catch((e: unknown) => e as Error);
    expect(err.message).toBe('secret "bad-json": expected a JSON object');
    expect(err.message).not.toContain('re_live');
    await expect(secrets().get('../other')).rejects.toThrow(/not valid/);
  });
});
