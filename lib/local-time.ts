// Asia/Shanghai is UTC+8 all year (China has no daylight saving), so local
// days are plain arithmetic. Shared by ingest, metrics and the browser.

export const SHANGHAI_OFFSET_MS = 8 * 3600_000;

/** The Asia/Shanghai day (YYYY-MM-DD) of an instant. */
export const localDay = (at: Date): string => new Date(at.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);

/** The Asia/Shanghai hour of the day (0-23) of an instant. */
export const localHour = (at: Date): number => new Date(at.getTime() + SHANGHAI_OFFSET_MS).getUTCHours();

/** An instant (epoch ms) as Asia/Shanghai wall-clock time with its zone, like 2023-10-01T09:00:00+08:00. */
export const localDateTime = (ms: number): string => `${new Date(ms + SHANGHAI_OFFSET_MS).toISOString().slice(0, 19)}+08:00`;

/** The instant (epoch ms) of local midnight starting a YYYY-MM-DD day. */
export const localMidnight = (day: string): number => Date.parse(`${day}T00:00:00+08:00`);

/** The YYYY-MM-DD day n days after (or before) a YYYY-MM-DD day. */
export const addDays = (day: string, n: number): string => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86400_000).toISOString().slice(0, 10);

/** The Monday starting the ISO week of a YYYY-MM-DD day. */
export const weekStart = (day: string): string => addDays(day, -((new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7));

/** The first of the month of a YYYY-MM-DD day. */
export const monthStart = (day: string): string => `${day.slice(0, 7)}-01`;

/** "2023-09-30 10:00:05.250" in Asia/Shanghai for an instant (ISO string), as exports write times. */
export const localTimestamp = (iso: string): string => new Date(Date.parse(iso) + SHANGHAI_OFFSET_MS).toISOString().slice(0, 23).replace("T", " ");
