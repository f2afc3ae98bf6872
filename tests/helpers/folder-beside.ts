import type { Db } from "@/lib/db/client";
import { foldChanges } from "@/lib/store/fold";

/**
 * The folder beside a writer, as the app runs it, until `running()` is false: passes of 500 changes,
 * a pass cut off by a crash or kill counted and retried. Resolves with what it folded.
 */
export async function folderBeside(db: Db, running: () => boolean): Promise<{ folded: number; cutShort: number }> {
  let folded = 0;
  let cutShort = 0;
  while (running()) {
    try {
      folded += (await foldChanges(db, { batch: 500 })).folded;
    } catch {
      cutShort++;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return { folded, cutShort };
}
