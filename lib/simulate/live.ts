import crypto from "node:crypto";
import { localDateTime, localDay, localMidnight } from "../local-time";
import { MAX_BATCH_ROWS } from "../ingest/schema";
import { planSimulation, simulationBatches, type SimTransaction } from "./generate";
import { GAMES_CLOSING, GAMES_OPENING } from "./profile";

// The live feed: replays a simulated Games day through the real HTTP
// ingestion API as if it were happening now. Payments are stamped with the
// real clock, so every dashboard preset and the alert evaluator see them as
// live; `speed` compresses the simulated day (at 60, a simulated hour of
// traffic arrives in a real minute). Injected incidents run on the real clock,
// measured from the feed's start, so "a 10-minute outage" lasts 10 minutes.

export interface LiveIncident {
  kind: "outage" | "timeouts" | "fx";
  wallet?: string;
  startSeconds: number;
  durationSeconds: number;
}

export interface LiveOptions {
  url: string;
  apiKey: string;
  seed: number;
  /** the demo's size: the feed's merchants are the demo's (same seed and size) */
  size: number;
  speed: number;
  /** the simulated day replayed first (then the following ones) */
  day: string;
  incidents: LiveIncident[];
  /** stop after this long (seconds); undefined: until stopped */
  durationSeconds?: number;
  log: (line: string) => void;
  signal?: AbortSignal;
}

/** A wallet outage 2 minutes in, for 10 minutes; a timeout storm 15 minutes in, for 5; a TrueMoney FX quote problem 25 minutes in, for 5. */
export const DEFAULT_LIVE_INCIDENTS: LiveIncident[] = [
  { kind: "outage", wallet: "KAKAOPAY", startSeconds: 120, durationSeconds: 600 },
  { kind: "timeouts", startSeconds: 900, durationSeconds: 300 },
  { kind: "fx", wallet: "TRUEMONEY", startSeconds: 1500, durationSeconds: 300 },
];

/** "outage:KAKAOPAY@120+600", "fx:TRUEMONEY@1500+300" or "timeouts@900+300" (seconds from the feed's start). */
export function parseIncident(text: string): LiveIncident {
  const m = /^(outage|timeouts|fx)(?::([A-Z_]+))?@(\d+)\+(\d+)$/.exec(text.trim());
  if (!m || (m[1] !== "timeouts" && !m[2])) throw new Error(`--incident ${text}: write outage:<WALLET>@<start s>+<duration s>, fx:<WALLET>@<start s>+<duration s> or timeouts@<start s>+<duration s>`);
  return { kind: m[1] as LiveIncident["kind"], wallet: m[2], startSeconds: Number(m[3]), durationSeconds: Number(m[4]) };
}

/** A decimal amount times a factor, rounded up at its own number of decimals. */
function worse(amount: string, factor: number): string {
  const decimals = amount.split(".")[1]?.length ?? 0;
  const scale = 10 ** decimals;
  return (Math.ceil(Number(amount) * factor * scale) / scale).toFixed(decimals);
}

const FIRST_DAY = GAMES_OPENING;
const LAST_DAY = GAMES_CLOSING;

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const stop = () => (clearTimeout(t), resolve());
    // the listener goes when the wait ends, or a long feed piles them up on the signal
    const t = setTimeout(() => (signal?.removeEventListener("abort", stop), resolve()), ms);
    signal?.addEventListener("abort", stop, { once: true });
  });

/** Deterministic coin per payment, so a rerun injects the same failures. */
const coin = (id: string) => crypto.createHash("sha1").update(id).digest()[0]! / 256;

interface Event {
  /** when it happens on the feed's simulated clock: the replayed time plus the cycle's offset */
  simAt: number;
  /** added to the row's own (2023) times: 0 in the first pass through the Games, more in later ones */
  offset: number;
  /** the pass through the Games, part of the live ids */
  round: number;
  row: SimTransaction;
  isUpdate: boolean;
}

function dayEvents(seed: number, size: number, day: string, offset: number, round: number): Event[] {
  const events: Event[] = [];
  for (const batch of simulationBatches(planSimulation({ seed, transactions: size, days: [day] }))) {
    if (batch.kind !== "transactions") continue;
    const isUpdate = batch.newTransactions === 0;
    for (const row of batch.rows) events.push({ simAt: Date.parse(isUpdate ? row.updatedAt : row.createdAt) + offset, offset, round, row, isUpdate });
  }
  return events.sort((a, b) => a.simAt - b.simAt);
}

/** How far the simulated clock moves each time the replay starts the Games over. */
const CYCLE_MS = localMidnight(LAST_DAY) + 86400_000 - localMidnight(FIRST_DAY);

export async function runLiveFeed(o: LiveOptions): Promise<{ sent: number; updates: number; rejected: number }> {
  const realStart = Date.now();
  const tag = Math.floor(realStart / 1000).toString(36).toUpperCase();
  // the replay starts at the simulated day's same local time of day as now
  const simStart = localMidnight(o.day) + (realStart - localMidnight(localDay(new Date(realStart))));
  const toReal = (simMs: number) => realStart + (simMs - simStart) / o.speed;
  for (const i of o.incidents) {
    const from = new Date(realStart + i.startSeconds * 1000).toISOString();
    const to = new Date(realStart + (i.startSeconds + i.durationSeconds) * 1000).toISOString();
    o.log(`incident ${i.kind}${i.wallet ? ` ${i.wallet}` : ""} from ${from} to ${to}`);
  }
  const active = (kind: LiveIncident["kind"], realMs: number, wallet?: string) =>
    o.incidents.some((i) => i.kind === kind && (!i.wallet || i.wallet === wallet) && realMs >= realStart + i.startSeconds * 1000 && realMs < realStart + (i.startSeconds + i.durationSeconds) * 1000);

  const stats = { sent: 0, updates: 0, rejected: 0 };
  const overridden = new Set<string>();
  const late: { dueMs: number; row: SimTransaction }[] = [];
  let day = o.day;
  let round = 0;
  let offset = 0;
  let events = dayEvents(o.seed, o.size, day, offset, round).filter((e) => e.simAt >= simStart);
  const fxRates = dayRates(o.seed, o.size, o.day);
  let next = 0;
  let lastLog = realStart;
  let ratesUpTo = 0;

  while (!o.signal?.aborted && (o.durationSeconds === undefined || Date.now() - realStart < o.durationSeconds * 1000)) {
    const now = Date.now();
    const simNow = simStart + (now - realStart) * o.speed;
    // reference mid rates for the coming real minutes, so live spreads are measured as in the replayed day
    if (now + 60_000 > ratesUpTo) ratesUpTo = await postRates(o, fxRates, Math.max(ratesUpTo, Math.floor(now / 60_000) * 60_000 - 60_000), now + 5 * 60_000);
    const out: SimTransaction[] = [];
    while (next < events.length && events[next]!.simAt <= simNow) {
      const { row, isUpdate, offset: shift, round: pass } = events[next++]!;
      const id = `LIVE${tag}-${pass}-${row.externalId}`;
      if (isUpdate && overridden.has(id)) continue;
      const createdMs = Math.min(now, toReal(Date.parse(row.createdAt) + shift));
      let live: SimTransaction = { ...row, externalId: id, createdAt: new Date(createdMs).toISOString(), updatedAt: new Date(isUpdate ? now : createdMs).toISOString() };
      if (!isUpdate && row.wallet && active("outage", createdMs, row.wallet)) {
        live = { ...live, status: "FAILED", resultCode: "PAYMENT_METHOD_SUSPEND", latencyMs: 400 };
        overridden.add(id);
      } else if (!isUpdate && row.wallet && active("fx", createdMs, row.wallet)) {
        // the wallet's quote is 3% worse than the reference: the payer pays 3% more of their currency for the same CNY
        live = { ...live, amount: worse(row.amount, 1.03) };
        overridden.add(id);
      } else if (!isUpdate && active("timeouts", createdMs) && coin(id) < 0.4) {
        // unknown now, settled a minute and a half later: the late status updates ops must reconcile
        live = { ...live, status: "UNKNOWN", resultCode: "REQUEST_TIMEOUT", latencyMs: 15_000 };
        overridden.add(id);
        const settled = coin(`${id}:settle`) < 0.5 ? { status: "SUCCESS" as const, resultCode: "SUCCESS" } : { status: "FAILED" as const, resultCode: "REQUEST_TIMEOUT" };
        late.push({ dueMs: now + 90_000, row: { ...live, ...settled } });
      }
      out.push(live);
      if (isUpdate) stats.updates++;
    }
    for (let i = late.length - 1; i >= 0; i--) {
      if (late[i]!.dueMs <= now) {
        out.push({ ...late[i]!.row, updatedAt: new Date(now).toISOString() });
        stats.updates++;
        late.splice(i, 1);
      }
    }
    // at high speed a payment and its status update fall in the same second: a batch may name an id once, so the later row wins
    const batch = [...new Map(out.map((r) => [r.externalId, r])).values()];
    for (let i = 0; i < batch.length; i += MAX_BATCH_ROWS) await post(o, batch.slice(i, i + MAX_BATCH_ROWS), stats);
    stats.sent += out.length;
    if (simNow >= localMidnight(day) + offset + 86400_000) {
      // the simulated day is over: the next one follows (its late refunds and settlements stay queued)
      day = localDay(new Date(localMidnight(day) + 36 * 3600_000));
      // after the closing day the Games start over, later on the feed's clock and under new ids
      if (day > LAST_DAY) {
        day = FIRST_DAY;
        round++;
        offset += CYCLE_MS;
      }
      events = [...events.slice(next), ...dayEvents(o.seed, o.size, day, offset, round)].sort((a, b) => a.simAt - b.simAt);
      next = 0;
      o.log(`live: now replaying ${day}`);
    }
    if (now - lastLog >= 10_000) {
      lastLog = now;
      const running = o.incidents.filter((i) => active(i.kind, now, i.wallet)).map((i) => `${i.kind}${i.wallet ? ` ${i.wallet}` : ""}`);
      o.log(`live: ${stats.sent} rows sent (${stats.updates} status updates), simulated ${localDateTime(simNow - offset).slice(0, 16).replace("T", " ")}${running.length ? `; injected: ${running.join(", ")}` : ""}`);
    }
    await sleep(1000, o.signal);
  }
  return stats;
}

/** One reference rate per currency from the replayed day: the live minutes are priced with it. */
function dayRates(seed: number, size: number, day: string): Map<string, string> {
  for (const batch of simulationBatches(planSimulation({ seed, transactions: size, days: [day] }))) {
    if (batch.kind === "fx") return new Map(batch.rows.map((r) => [r.currency, r.midRate]));
  }
  return new Map();
}

/** Posts a mid rate per currency for every minute of [from, to); returns where it got to. */
async function postRates(o: LiveOptions, rates: Map<string, string>, from: number, to: number): Promise<number> {
  const rows = [];
  for (let m = from; m < to; m += 60_000) for (const [currency, midRate] of rates) rows.push({ currency, minute: new Date(m).toISOString(), midRate });
  const res = await fetch(`${o.url}/api/v1/fx-rates`, { method: "POST", headers: { "content-type": "application/json", "x-api-key": o.apiKey }, body: JSON.stringify(rows) }).catch((err: Error) => err);
  if (res instanceof Error || !res.ok) {
    o.log(`live: reference rates not stored (${res instanceof Error ? res.message : `HTTP ${res.status}`}); spreads stay unmeasured until they are`);
    return from;
  }
  return to;
}

/** Posts one batch; waits and retries on 429, 503 and network errors so nothing is dropped; logs refusals. */
async function post(o: LiveOptions, rows: SimTransaction[], stats: { rejected: number }): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      const res = await fetch(`${o.url}/api/v1/transactions`, { method: "POST", headers: { "content-type": "application/json", "x-api-key": o.apiKey }, body: JSON.stringify(rows) });
      if (res.ok) return;
      const body = await res.json().catch(() => ({}));
      if (res.status === 429 || res.status >= 500) {
        await sleep(Number(res.headers.get("retry-after") ?? "1") * 1000 * Math.min(attempt, 5), o.signal);
        continue;
      }
      stats.rejected += rows.length;
      o.log(`live: batch refused (${res.status}): ${body.message ?? ""}`);
      return;
    } catch (err) {
      if (o.signal?.aborted) return;
      o.log(`live: ${(err as Error).message}; retrying`);
      await sleep(1000 * Math.min(attempt, 5), o.signal);
    }
  }
}
