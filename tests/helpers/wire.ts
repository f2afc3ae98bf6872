import net from "node:net";

// Raw Postgres wire-protocol messages, for tests that play a client that
// misbehaves in ways `pg` never would.

export function frame(type: string, body: Buffer = Buffer.alloc(0)): Buffer {
  const head = Buffer.alloc(5);
  head.write(type, 0, "latin1");
  head.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([head, body]);
}

export const cstr = (s: string) => Buffer.from(`${s}\0`, "utf8");

export function startupMessage(user = "postgres", database = "postgres"): Buffer {
  const body = Buffer.concat([Buffer.from([0, 3, 0, 0]), cstr("user"), cstr(user), cstr("database"), cstr(database), Buffer.from([0])]);
  const len = Buffer.alloc(4);
  len.writeInt32BE(body.length + 4);
  return Buffer.concat([len, body]);
}

/** A socket that has finished the startup exchange (ReadyForQuery seen), collecting what the server sends. */
export async function rawSession(port: number): Promise<{ socket: net.Socket; received: () => Buffer; waitFor: (type: string, ms?: number) => Promise<Buffer> }> {
  const socket = net.connect(port, "127.0.0.1");
  socket.on("error", () => undefined);
  let data = Buffer.alloc(0);
  socket.on("data", (b: Buffer) => (data = Buffer.concat([data, b])));
  await new Promise<void>((resolve, reject) => (socket.once("connect", resolve), socket.once("error", reject)));
  const waitFor = async (type: string, ms = 5000) => {
    const end = Date.now() + ms;
    for (;;) {
      for (let at = 0; at + 5 <= data.length; at += 1 + data.readInt32BE(at + 1)) {
        if (data.toString("latin1", at, at + 1) === type) return data;
      }
      if (Date.now() > end) throw new Error(`no ${type} message within ${ms} ms; got ${data.length} bytes`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  socket.write(startupMessage());
  await waitFor("Z");
  data = Buffer.alloc(0);
  return { socket, received: () => data, waitFor };
}

/** The M (message) fields of every ErrorResponse in `data`. */
export function errorMessages(data: Buffer): string[] {
  const out: string[] = [];
  for (let at = 0; at + 5 <= data.length; at += 1 + data.readInt32BE(at + 1)) {
    if (data[at] !== 0x45) continue;
    const body = data.subarray(at + 5, at + 1 + data.readInt32BE(at + 1));
    for (const field of body.toString("utf8").split("\0")) if (field.startsWith("M")) out.push(field.slice(1));
  }
  return out;
}
