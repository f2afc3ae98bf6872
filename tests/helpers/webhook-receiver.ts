import http from "node:http";
import type net from "node:net";

export interface Received {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/**
 * A real HTTP receiver on localhost for webhook tests: records every request
 * and answers each with the next status scripted for its path (then 200).
 */
export async function webhookReceiver() {
  const received: Received[] = [];
  const script = new Map<string, number[]>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({ path: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks) });
      const status = script.get((req.url ?? "").split("?")[0]!)?.shift() ?? 200;
      res.writeHead(status, { "content-type": "text/plain" }).end(status === 200 ? "ok" : `scripted failure ${status}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: (path = "/hook") => `http://127.0.0.1:${port}${path}`,
    received,
    /** the next requests to this path get these statuses, in order */
    failNext: (path: string, ...statuses: number[]) => script.set(path, [...(script.get(path) ?? []), ...statuses]),
    reset: () => {
      received.length = 0;
      script.clear();
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
