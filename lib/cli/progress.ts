import cliProgress from "cli-progress";
import type { SimulationProgress } from "../simulate/run";

/** A progress bar on a terminal, a line every 10% when output goes to a log (CI). */
export function simulationProgress(total: number): { update(p: SimulationProgress): void; stop(): void } {
  const started = Date.now();
  if (process.stdout.isTTY) {
    const bar = new cliProgress.SingleBar(
      { format: "  simulating {bar} {percentage}% | {value}/{total} payments | {day} | {rate}/s | eta {eta_formatted}" },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total, 0, { day: "", rate: 0 });
    return {
      update: (p) => bar.update(p.transactionsDone, { day: p.day, rate: Math.round(p.transactionsDone / ((Date.now() - started) / 1000 || 1)) }),
      stop: () => bar.stop(),
    };
  }
  let nextMark = 0.1;
  return {
    update(p) {
      if (p.transactionsDone / total >= nextMark) {
        console.log(`  simulating ${Math.round((p.transactionsDone / total) * 100)}% (${p.transactionsDone}/${total}, ${p.day})`);
        nextMark += 0.1;
      }
    },
    stop() {},
  };
}
