import type { PGlite } from "@electric-sql/pglite";
import type { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import { copiesFromClient } from "./sql-scan";

// pglite-socket 0.2.17 queues every client's protocol messages for PGlite's
// one session. This replaces its queue step so that one client can never
// break that session for the others:
//
// - It keeps a client's turn from its first extended-protocol message until
//   its Sync (the library keeps it only inside transactions, so one client's
//   Bind could meet another's Parse: "bind message supplies 2 parameters, but
//   prepared statement requires 3", reproduced by embedded-socket.test.ts).
// - COPY ... FROM STDIN never reaches PGlite: PGlite reads the copy data from
//   the same call, finds none, loses protocol synchronisation and answers
//   every later client with a FATAL (measured with psql's \copy). The
//   statement is swapped for one that raises a clear error inside PGlite, so
//   the client gets an ordinary error with the right transaction state.
//   COPY ... TO STDOUT works and passes.
// - Copy data outside a copy, and message types that are not frontend
//   messages, are not handed to PGlite; an unknown type closes that client.
// - A client that goes away in the middle of an exchange gets a Sync sent on
//   its behalf: after a failed Parse PGlite would otherwise discard every
//   other client's messages until a Sync that never comes (measured: the
//   next client's query timed out).

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
interface HandlerInternals {
  handlerId: number;
  detach(close?: boolean): Promise<unknown>;
}

const SYNC = 0x53; // S
const QUERY = 0x51; // Q
const PARSE = 0x50; // P
// Parse, Bind, Describe, Execute, Close, Flush: an exchange that only a Sync ends
const EXTENDED = new Set([0x50, 0x42, 0x44, 0x45, 0x43, 0x48]);
// CopyData, CopyDone, CopyFail: meaningful only inside a COPY FROM STDIN, which never starts here
const COPY_DATA = new Set([0x64, 0x63, 0x66]);
// Terminate, FunctionCall, PasswordMessage
const OTHER_FRONTEND = new Set([0x58, 0x46, 0x70]);
const PROTOCOL_3 = 196608;

export const COPY_REFUSAL =
  "COPY ... FROM STDIN is not supported by the embedded database: its single PGlite session cannot read copy data over the socket. " +
  "Load rows with INSERT (or the ingestion API), or run on PostgreSQL by setting DATABASE_URL.";

const utf8 = new TextEncoder();
const cstr = (s: string) => Buffer.concat([Buffer.from(utf8.encode(s)), Buffer.from([0])]);

function message(type: string, body: Buffer): Uint8Array {
  const head = Buffer.alloc(5);
  head.write(type, 0, "latin1");
  head.writeInt32BE(body.length + 4, 1);
  return new Uint8Array(Buffer.concat([head, body]));
}

/** A statement that fails inside PGlite with COPY_REFUSAL, as the refused COPY would have. */
const REFUSE_SQL = `DO $hpm$BEGIN RAISE EXCEPTION USING ERRCODE = '0A000', MESSAGE = '${COPY_REFUSAL.replaceAll("'", "''")}'; END$hpm$`;

function readCString(buf: Buffer, at: number): [string, number] {
  const end = buf.indexOf(0, at);
  return [buf.toString("utf8", at, end < 0 ? buf.length : end), end < 0 ? buf.length : end + 1];
}

/** The message PGlite should see instead of `m`, or null to leave it as it is. */
function guarded(m: Uint8Array): Uint8Array | null {
  const buf = Buffer.from(m.buffer, m.byteOffset, m.byteLength);
  if (m[0] === QUERY) {
    const [sql] = readCString(buf, 5);
    return copiesFromClient(sql) ? message("Q", cstr(REFUSE_SQL)) : null;
  }
  if (m[0] === PARSE) {
    const [name, at] = readCString(buf, 5);
    const [sql] = readCString(buf, at);
    // COPY takes no parameters, so the replacement declares none
    return copiesFromClient(sql) ? message("P", Buffer.concat([cstr(name), cstr(REFUSE_SQL), Buffer.from([0, 0])])) : null;
  }
  return null;
}

function isStartup(m: Uint8Array): boolean {
  if (m.length < 8) return false;
  const view = new DataView(m.buffer, m.byteOffset, m.byteLength);
  return view.getInt32(0) === m.length && view.getInt32(4) === PROTOCOL_3;
}

function fatal(code: string, text: string): Uint8Array {
  return message("E", Buffer.concat([cstr("SFATAL"), cstr("VFATAL"), cstr(`C${code}`), cstr(`M${text}`), Buffer.from([0])]));
}

export function keepExchangesTogether(server: PGLiteSocketServer, db: PGlite): void {
  const q = (server as unknown as { queryQueue?: QueueInternals }).queryQueue;
  const handlers = (server as unknown as { handlers?: Set<HandlerInternals> }).handlers;
  if (!q || typeof q.processQueue !== "function" || !Array.isArray(q.queue) || !(handlers instanceof Set)) {
    throw new Error("pglite-socket's query queue changed shape; review lib/db/socket-queue.ts before upgrading");
  }
  let midExchange = false;
  const closeClient = (id: number) => {
    for (const h of handlers) if (h.handlerId === id) void h.detach(true);
  };

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
        const type = item.message[0]!;
        if (!isStartup(item.message)) {
          if (COPY_DATA.has(type)) {
            item.resolve(0);
            continue;
          }
          if (type !== QUERY && type !== SYNC && !EXTENDED.has(type) && !OTHER_FRONTEND.has(type)) {
            const answer = fatal("08P01", `invalid frontend message type ${type}`);
            item.onData(answer);
            item.resolve(answer.length);
            closeClient(item.handlerId);
            continue;
          }
        }
        const sent = guarded(item.message) ?? item.message;
        let bytes = 0;
        try {
          await db.runExclusive(() => db.execProtocolRawStream(sent, { onRawData: (d: Uint8Array) => ((bytes += d.length), item.onData(d)) }));
        } catch (err) {
          item.reject(err);
          continue;
        }
        q.lastHandlerId = item.handlerId;
        if (type === SYNC || type === QUERY) midExchange = false;
        else if (EXTENDED.has(type)) midExchange = true;
        item.resolve(bytes);
      }
    } finally {
      q.processing = false;
    }
  };

  // A client that goes away mid-exchange must not hold the others' turn for
  // ever, nor leave PGlite waiting for its Sync. The library then rolls back
  // a transaction it left open (clearTransactionIfNeeded), after this Sync.
  const clear = q.clearQueueForHandler.bind(q);
  q.clearQueueForHandler = (id: number) => {
    clear(id);
    if (q.lastHandlerId === id && midExchange) {
      midExchange = false;
      void db
        .runExclusive(() => db.execProtocolRawStream(message("S", Buffer.alloc(0)), { onRawData: () => undefined }))
        .catch(() => undefined)
        .finally(() => void q.processQueue());
    }
  };
}
