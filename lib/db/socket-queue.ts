import type { PGlite } from "@electric-sql/pglite";
import type { PGLiteSocketServer } from "@electric-sql/pglite-socket";

// pglite-socket 0.2.17 queues every client's protocol messages for PGlite's
// one session and keeps a client's turn only while a transaction is open.
// Between transactions it interleaves clients message by message, so one
// client's Bind can meet another's Parse (measured in the e2e run with the
// background jobs: "bind message supplies 2 parameters, but prepared statement
// requires 3"; reproduced by tests/integration/embedded-socket.test.ts). This
// replaces its queue step so a client also keeps its turn from its first
// extended-protocol message until its Sync (or a simple Query) completes.

interface Queued {
  handlerId: number;
  message: Uint8Array;
  resolve: (bytes: number) => void;
  reject: (err: unknown) => void;
  onData: (data: Uint8Array) => void;
}
interface QueueInternals {
  queue: Queued[];
  processing: boolean;
  lastHandlerId: number | null;
  processQueue(): Promise<void>;
  clearQueueForHandler(id: number): void;
}

const SYNC = 0x53; // S
const QUERY = 0x51; // Q
// Parse, Bind, Describe, Execute, Close, Flush: an exchange that only a Sync ends
const EXTENDED = new Set([0x50, 0x42, 0x44, 0x45, 0x43, 0x48]);

export function keepExchangesTogether(server: PGLiteSocketServer, db: PGlite): void {
  const q = (server as unknown as { queryQueue?: QueueInternals }).queryQueue;
  if (!q || typeof q.processQueue !== "function" || !Array.isArray(q.queue)) {
    throw new Error("pglite-socket's query queue changed shape; review lib/db/socket-queue.ts before upgrading");
  }
  let midExchange = false;
  q.processQueue = async function processQueue() {
    if (q.processing || q.queue.length === 0) return;
    q.processing = true;
    try {
      while (q.queue.length > 0) {
        const owner = db.isInTransaction() || midExchange ? q.lastHandlerId : null;
        const at = owner === null ? 0 : q.queue.findIndex((m) => m.handlerId === owner);
        // the owner's next message has not arrived yet: its enqueue starts the queue again
        if (at === -1) break;
        const item = q.queue.splice(at, 1)[0]!;
        let bytes = 0;
        try {
          await db.runExclusive(() => db.execProtocolRawStream(item.message, { onRawData: (d: Uint8Array) => ((bytes += d.length), item.onData(d)) }));
        } catch (err) {
          item.reject(err);
          continue;
        }
        q.lastHandlerId = item.handlerId;
        const type = item.message[0]!;
        if (type === SYNC || type === QUERY) midExchange = false;
        else if (EXTENDED.has(type)) midExchange = true;
        item.resolve(bytes);
      }
    } finally {
      q.processing = false;
    }
  };
  // a client that goes away mid-exchange must not hold the others' turn for ever
  const clear = q.clearQueueForHandler.bind(q);
  q.clearQueueForHandler = (id: number) => {
    clear(id);
    if (q.lastHandlerId === id && midExchange && !db.isInTransaction()) {
      midExchange = false;
      void q.processQueue();
    }
  };
}
