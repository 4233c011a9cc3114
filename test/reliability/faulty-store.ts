/** An ObjectStore that crashes once, on the Nth write whose key matches a pattern (a process dying mid-step). */
import type { ObjectStore } from '../../functions/core/ports.js';

export class InjectedCrash extends Error {
  override name = 'InjectedCrash';
}

export class FaultyStore implements ObjectStore {
  private seen = 0;
  fired: string | undefined;

  constructor(
    readonly inner: ObjectStore,
    readonly pattern: RegExp,
    readonly nth = 1,
  ) {}

  private check(key: string): void {
    if (this.fired !== undefined || !this.pattern.test(key)) return;
    if (++this.seen === this.nth) {
      this.fired = key;
      throw new InjectedCrash(`injected crash writing ${key}`);
    }
  }

  async put(key: string, body: Uint8Array | string): Promise<void> {
    this.check(key);
    return this.inner.put(key, body);
  }
  async putIfAbsent(key: string, body: Uint8Array | string): Promise<boolean> {
    this.check(key);
    return this.inner.putIfAbsent(key, body);
  }
  async putFileIfAbsent(key: string, path: string): Promise<boolean> {
    this.check(key);
    return this.inner.putFileIfAbsent(key, path);
  }
  get(key: string): Promise<Uint8Array | undefined> {
    return this.inner.get(key);
  }
  exists(key: string): Promise<boolean> {
    return this.inner.exists(key);
  }
  list(prefix: string): Promise<string[]> {
    return this.inner.list(prefix);
  }
  delete(key: string): Promise<void> {
    return this.inner.delete(key);
  }
}
