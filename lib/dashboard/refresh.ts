/** While a range reaches now, figures refresh this often (paused while the tab is hidden). */
export const LIVE_REFRESH_MS = 5_000;

/**
 * When a metric answer is fetched again. A range that reaches now follows the
 * payments. A past range does not change, except that its answer may have
 * been made while the folder still had changes to add (a payment posted a
 * moment ago, a late refund of an old one): such an answer says so with its
 * backlog, and is fetched again until one comes with nothing waiting, so a page
 * never keeps a figure that is short by what was in flight when it loaded.
 */
export function metricRefetchInterval(live: boolean, answer: { backlog?: number } | undefined): number | false {
  if (live) return LIVE_REFRESH_MS;
  return (answer?.backlog ?? 0) > 0 ? LIVE_REFRESH_MS : false;
}
