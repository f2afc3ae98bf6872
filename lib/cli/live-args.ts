import fs from "node:fs";
import path from "node:path";
import { DEFAULT_LIVE_INCIDENTS, parseIncident, type LiveIncident } from "../simulate/live";

// Flags of the live feed, shared by `npm run simulate -- --live` and `npm run demo -- --live`.

export const LIVE_FLAGS = {
  live: { type: "boolean", default: false },
  speed: { type: "string", default: "60" },
  day: { type: "string", default: "2023-09-30" },
  incident: { type: "string", multiple: true },
  "no-incidents": { type: "boolean", default: false },
  duration: { type: "string" },
  url: { type: "string" },
  key: { type: "string" },
} as const;

export interface LiveArgs {
  speed: number;
  day: string;
  incidents: LiveIncident[];
  durationSeconds?: number;
}

export function liveArgs(v: { speed?: string; day?: string; incident?: string[]; "no-incidents"?: boolean; duration?: string }): LiveArgs {
  const speed = Number(v.speed);
  if (!Number.isFinite(speed) || speed < 1 || speed > 100_000) throw new Error(`--speed must be a number from 1 to 100000 (simulated seconds per real second), got ${v.speed}`);
  if (!/^2023-(08-\d\d|09-\d\d|10-0[1-8])$/.test(v.day ?? "")) throw new Error(`--day must be a simulated day from 2023-08-01 to 2023-10-08, got ${v.day}`);
  const duration = v.duration === undefined ? undefined : Number(v.duration);
  if (duration !== undefined && !(duration > 0)) throw new Error(`--duration must be a number of seconds, got ${v.duration}`);
  const incidents = v["no-incidents"] ? [] : v.incident?.length ? v.incident.map(parseIncident) : DEFAULT_LIVE_INCIDENTS;
  return { speed, day: v.day!, incidents, durationSeconds: duration };
}

/** The demo's API key, kept beside its database. */
export function demoKeyFile(dataDir: string): string | null {
  const file = path.join(dataDir, "demo-api-key");
  return fs.existsSync(file) ? fs.readFileSync(file, "utf8").trim() : null;
}
