import fs from "node:fs";
import os from "node:os";

export function percentiles(samples: number[]): { p50: number; p95: number } {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)]!;
  return { p50: +at(0.5).toFixed(1), p95: +at(0.95).toFixed(1) };
}

export async function timeRuns(runs: number, fn: () => Promise<unknown>): Promise<{ p50: number; p95: number }> {
  await fn();
  await fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    samples.push(performance.now() - t0);
  }
  return percentiles(samples);
}

/** The machine a benchmark ran on, as its result files record it. */
export function machineDescription(): string {
  return `${os.cpus().length} cores (${os.cpus()[0]?.model ?? "?"}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
}

/** "2c-amd-epyc", "2c-intel-xeon": the cores and the CPU model without marks, clock or "CPU". */
export function machineSlug(): string {
  const model = (os.cpus()[0]?.model ?? "unknown")
    .replace(/\((R|TM)\)|\bCPU\b|@.*$|\d+-Core Processor/gi, " ")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
  return `${os.cpus().length}c-${model || "unknown"}`;
}

/**
 * Writes a benchmark's result to bench/results/<kind>-<date>-<parts>-<machine>.json. The machine is
 * in the name because two machines measuring on the same day overwrote each other's files (2026-11-26).
 */
export function writeBenchResult(kind: string, parts: (string | number)[], result: object): string {
  fs.mkdirSync("bench/results", { recursive: true });
  const file = `bench/results/${[kind, new Date().toISOString().slice(0, 10), ...parts, machineSlug()].join("-")}.json`;
  fs.writeFileSync(file, JSON.stringify({ machine: machineDescription(), at: new Date().toISOString(), ...result }, null, 2));
  return file;
}
