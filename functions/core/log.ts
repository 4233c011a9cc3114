/**
 * The logging seam of adapters: structured messages, never row data or personal data.
 * Powertools' Logger satisfies it in Lambda; locally it defaults to silence.
 */
export interface Log {
  debug(message: string, extra?: Record<string, unknown>): void;
  info(message: string, extra?: Record<string, unknown>): void;
  warn(message: string, extra?: Record<string, unknown>): void;
}

export const silentLog: Log = { debug() {}, info() {}, warn() {} };
