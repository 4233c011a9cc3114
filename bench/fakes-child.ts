/**
 * The vendor fakes in a process of their own for the connector benchmark, as a vendor's API runs
 * on the vendor's servers: building and serialising its pages is not the connector's work and
 * must not share the connector's event loop. Talks to the parent over IPC: `ready` with the
 * config and secrets, `stats` of one fake on request, `stop`.
 */
import { startAllFakes } from '../test/fakes/all.js';

const { scale } = JSON.parse(process.argv[2] ?? '{}') as { scale?: number };
const fakes = await startAllFakes({ rateLimited: true, scale });
type Message = { type: 'stats'; source: string } | { type: 'stop' };
process.on('message', (message: Message) => {
  if (message.type === 'stats') {
    const fake = fakes[message.source as 'hubspot'];
    const limit = fake.rateLimit;
    process.send?.({
      type: 'stats',
      requests: fake.stats.requests,
      rateLimited: fake.stats.rateLimited,
      rateLimit: limit ? { limit: limit.limit, windowMs: limit.windowMs } : undefined,
    });
  } else {
    void fakes.stop().then(() => process.exit(0));
  }
});
process.send?.({ type: 'ready', sources: fakes.sources, secrets: fakes.secrets });
