import { describe, expect, it } from 'vitest';
import { runLoad } from './loadTest';

// `npm test` runs a short load; `npm run soak` runs 500 devices for 60 s and records the figures.
describe('load', { timeout: 120_000 }, () => {
  it('50 devices syncing for 5 s against the authority: no errors, every accepted event held', async () => {
    const result = await runLoad({ devices: 50, seconds: 5 });
    expect(result.errors, result.errorSamples.join('\n')).toBe(0);
    expect(result.events).toBeGreaterThan(0);
    expect(result.held).toBe(result.events);
    console.log(
      `load: ${result.devices} devices, ${result.requests} requests in ${result.seconds.toFixed(1)} s, p50 ${result.p50Ms.toFixed(1)} ms, p99 ${result.p99Ms.toFixed(1)} ms, ${Math.round(result.eventsPerSecond)} events/s`,
    );
  });
});
