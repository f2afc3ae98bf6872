// Asia/Shanghai is UTC+8 all year (China has no daylight saving), so local
// days are plain arithmetic. Shared by ingest, metrics and the browser.

const OFFSET_MS = 8 * 3600_000;

/** The Asia/Shanghai day (YYYY-MM-DD) of an instant. */
export const localDay = (at: Date): string => new Date(at.getTime() + OFFSET_MS).toISOString().slice(0, 10);

/** The instant (epoch ms) of local midnight starting a YYYY-MM-DD day. */
export const localMidnight = (day: string): number => Date.parse(`${day}T00:00:00+08:00`);
