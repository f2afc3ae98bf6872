/** An API answer that was not 2xx; message is the server's own explanation. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export async function fetchJson<T>(url: string, signal?: AbortSignal): Promise<T> {
  const res = await fetch(url, { signal, headers: { accept: "application/json" } });
  const body = await res.json().catch(() => null);
  if (!res.ok) {
    const message = body && typeof body.message === "string" ? body.message : `${res.status} ${res.statusText}`;
    throw new ApiError(res.status, body?.error ?? "http_error", message);
  }
  return body as T;
}
