/**
 * How many requests this process has begun in the last tenth of a second, counted in two
 * windows of 100 ms. The job worker asks it whether requests are arriving faster than
 * `perSecond`, and gives way to them while they are.
 */
export function createRequestRate(perSecond: number, now: () => number = () => performance.now()) {
  const WINDOW_MS = 100;
  const threshold = Math.max(1, Math.round((perSecond * WINDOW_MS) / 1000));
  let windowStart = now();
  let current = 0;
  let previous = 0;
  const roll = () => {
    const t = now();
    const elapsed = t - windowStart;
    if (elapsed < WINDOW_MS) return;
    previous = elapsed < 2 * WINDOW_MS ? current : 0;
    current = 0;
    windowStart = t - (elapsed % WINDOW_MS);
  };
  return {
    hit(): void {
      roll();
      current++;
    },
    busy(): boolean {
      roll();
      return current >= threshold || previous >= threshold;
    },
  };
}
export type RequestRate = ReturnType<typeof createRequestRate>;
