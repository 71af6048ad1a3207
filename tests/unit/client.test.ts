import { afterEach, describe, expect, it, vi } from 'vitest';
import { prestartWorker, TrainingClient } from '../../src/worker/client';

/** A Worker stand-in that records what is made of it and can fail to load on request. */
class FakeWorker {
  static made: FakeWorker[] = [];
  readonly listeners = new Map<string, ((event: { message?: string; data?: unknown }) => void)[]>();
  readonly posted: unknown[] = [];
  terminated = false;
  constructor(
    readonly url: URL,
    readonly options: WorkerOptions,
  ) {
    FakeWorker.made.push(this);
  }
  addEventListener(type: string, listener: (event: { message?: string; data?: unknown }) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  postMessage(message: unknown): void {
    this.posted.push(message);
  }
  terminate(): void {
    this.terminated = true;
  }
  fire(type: string, event: { message?: string; data?: unknown }): void {
    for (const listener of this.listeners.get(type) ?? []) listener(event);
  }
}

const client = () => {
  const received: unknown[] = [];
  const failures: string[] = [];
  const c = new TrainingClient(
    (m) => received.push(m),
    (m) => failures.push(m),
  );
  return { c, received, failures };
};

describe('TrainingClient and the prestarted worker', () => {
  afterEach(() => {
    // Adopt any spare a test left, so the next test starts without one.
    if (typeof Worker !== 'undefined')
      new TrainingClient(
        () => {},
        () => {},
      ).terminate();
    vi.unstubAllGlobals();
    FakeWorker.made = [];
  });

  it('does nothing where there are no Web Workers', () => {
    expect(typeof Worker).toBe('undefined');
    expect(() => prestartWorker()).not.toThrow();
  });

  it('opens its own worker when none was prestarted', () => {
    vi.stubGlobal('Worker', FakeWorker);
    const { c } = client();
    expect(FakeWorker.made).toHaveLength(1);
    expect(FakeWorker.made[0]?.url.pathname).toMatch(/training\.worker\.ts$/);
    c.send({ type: 'pause' });
    expect(FakeWorker.made[0]?.posted).toEqual([{ type: 'pause' }]);
  });

  it('adopts the prestarted worker instead of opening a second, and only once', () => {
    vi.stubGlobal('Worker', FakeWorker);
    prestartWorker();
    prestartWorker();
    expect(FakeWorker.made).toHaveLength(1);
    const first = client();
    expect(FakeWorker.made).toHaveLength(1);
    FakeWorker.made[0]?.fire('message', { data: { type: 'notice', level: 'info', message: 'hello' } });
    expect(first.received).toEqual([{ type: 'notice', level: 'info', message: 'hello' }]);
    // The spare is spent: the next client opens its own.
    client();
    expect(FakeWorker.made).toHaveLength(2);
  });

  it('reports a prestarted worker that failed to load before its client listened', async () => {
    vi.stubGlobal('Worker', FakeWorker);
    prestartWorker();
    FakeWorker.made[0]?.fire('error', { message: 'script 404' });
    const { failures } = client();
    await Promise.resolve();
    expect(failures).toEqual(['script 404']);
  });
});
