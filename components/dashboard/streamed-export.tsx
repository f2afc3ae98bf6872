"use client";

import { useEffect, useRef, useState } from "react";
import { formatInt, formatNumber } from "@/lib/format";
import { fill } from "@/lib/i18n/dashboard-messages";
import { useLocale } from "../providers";

// "Every matching payment" as CSV or XLSX with progress in the page: the
// response is read as it streams (rows counted by line for CSV, against the
// server's expected total from the rollups), can be cancelled (the server
// stops reading the database), and is saved when complete. The plain link
// still works without JavaScript or with a modifier key (browser download).

type State =
  | { phase: "idle" }
  | { phase: "running"; format: string; rows: number | null; bytes: number; total: number | null; seconds: number }
  | { phase: "done"; file: string; rows: number | null; bytes: number; seconds: number }
  | { phase: "cancelled" }
  | { phase: "failed"; reason: string };

const NEWLINE = 10;
const fileNameOf = (res: Response) => /filename="([^"]+)"/.exec(res.headers.get("content-disposition") ?? "")?.[1] ?? "export";

function save(parts: BlobPart[], type: string, name: string) {
  const url = URL.createObjectURL(new Blob(parts, { type }));
  const a = Object.assign(document.createElement("a"), { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export function StreamedExport({ search }: { search: string }) {
  const { t, locale } = useLocale();
  const x = t.dash.tx;
  const [state, setState] = useState<State>({ phase: "idle" });
  const abort = useRef<AbortController | null>(null);
  useEffect(() => () => abort.current?.abort(), []);
  const mb = (bytes: number) => formatNumber(bytes / 1_048_576, locale, 1);

  async function run(format: "csv" | "xlsx") {
    abort.current?.abort();
    const controller = new AbortController();
    abort.current = controller;
    const started = performance.now();
    try {
      const res = await fetch(`/api/transactions/export?${search}&format=${format}`, { signal: controller.signal });
      if (!res.ok || !res.body) {
        const body = await res.json().catch(() => null);
        setState({ phase: "failed", reason: body?.message ?? `HTTP ${res.status}` });
        return;
      }
      const total = res.headers.has("x-export-rows-expected") ? Number(res.headers.get("x-export-rows-expected")) : null;
      const head = format === "csv" ? Number(res.headers.get("x-export-head-lines") ?? "0") : null;
      const parts: BlobPart[] = [];
      let bytes = 0;
      let lines = 0;
      let shown = 0;
      const reader = res.body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        parts.push(value as Uint8Array<ArrayBuffer>);
        bytes += value.byteLength;
        if (head !== null) for (let i = 0; i < value.length; i++) if (value[i] === NEWLINE) lines++;
        // a React update per chunk would be thousands a second
        if (performance.now() - shown > 200) {
          shown = performance.now();
          setState({ phase: "running", format, rows: head === null ? null : Math.max(0, lines - head), bytes, total, seconds: (shown - started) / 1000 });
        }
      }
      const file = fileNameOf(res);
      save(parts, res.headers.get("content-type") ?? "application/octet-stream", file);
      setState({ phase: "done", file, rows: head === null ? null : Math.max(0, lines - head), bytes, seconds: (performance.now() - started) / 1000 });
    } catch (err) {
      if (controller.signal.aborted) setState({ phase: "cancelled" });
      else setState({ phase: "failed", reason: (err as Error).message });
    }
  }

  const start = (format: "csv" | "xlsx") => (e: React.MouseEvent) => {
    // modifier keys and middle clicks keep the browser's own download
    if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    setState({ phase: "running", format, rows: null, bytes: 0, total: null, seconds: 0 });
    void run(format);
  };
  const running = state.phase === "running";
  return (
    <div className="streamed-export" data-testid="export-all">
      <p className="muted">
        {x.exportAll}{" "}
        <a href={`/api/transactions/export?${search}&format=csv`} download onClick={start("csv")} aria-disabled={running} data-testid="export-all-csv">CSV</a>{" · "}
        <a href={`/api/transactions/export?${search}&format=xlsx`} download onClick={start("xlsx")} aria-disabled={running} data-testid="export-all-xlsx">XLSX</a>{" "}
        {x.exportAllNote}
      </p>
      {state.phase === "running" ? (
        <div className="export-progress" role="status" data-testid="export-progress">
          <progress max={state.rows !== null && state.total ? state.total : undefined} value={state.rows !== null && state.total ? Math.min(state.rows, state.total) : undefined} aria-label={state.format.toUpperCase()} />
          <span>
            {state.rows === null
              ? `${fill(x.exportBytes, { mb: mb(state.bytes) })}${state.total !== null ? ` · ${fill(x.exportExpected, { total: formatInt(state.total, locale) })}` : ""}`
              : state.total !== null
                ? fill(x.exportRows, { rows: formatInt(state.rows, locale), total: formatInt(state.total, locale) })
                : fill(x.exportRowsUnknown, { rows: formatInt(state.rows, locale) })}
            {" · "}{fill(x.exportSeconds, { s: formatNumber(state.seconds, locale, 0) })}
          </span>
          <button type="button" className="link-button" onClick={() => abort.current?.abort()} data-testid="export-cancel">{x.exportCancel}</button>
        </div>
      ) : state.phase === "idle" ? null : (
        <p className={state.phase === "failed" ? "form-error" : "muted"} role="status" data-testid="export-outcome">
          {state.phase === "done"
            ? state.rows !== null
              ? fill(x.exportDone, { file: state.file, rows: formatInt(state.rows, locale), mb: mb(state.bytes), s: formatNumber(state.seconds, locale, 1) })
              : fill(x.exportDoneBytes, { file: state.file, mb: mb(state.bytes), s: formatNumber(state.seconds, locale, 1) })
            : state.phase === "cancelled" ? x.exportCancelled : fill(x.exportFailed, { reason: state.reason })}
        </p>
      )}
    </div>
  );
}
