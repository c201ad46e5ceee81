import { describe, expect, it } from 'vitest';
import { createRequestRate } from './request-rate.js';

describe('the request rate', () => {
  it('is busy while requests arrive faster than the threshold, and not once they slow', () => {
    let t = 0;
    const rate = createRequestRate(200, () => t); // 20 in a 100-ms window
    expect(rate.busy()).toBe(false);
    for (let i = 0; i < 19; i++) rate.hit();
    expect(rate.busy()).toBe(false);
    rate.hit();
    expect(rate.busy()).toBe(true);
    // The next window still remembers the busy one...
    t = 150;
    expect(rate.busy()).toBe(true);
    // ...but not two windows later, or after a long quiet.
    t = 250;
    expect(rate.busy()).toBe(false);
    for (let i = 0; i < 20; i++) rate.hit();
    t = 10_000;
    expect(rate.busy()).toBe(false);
  });
});
