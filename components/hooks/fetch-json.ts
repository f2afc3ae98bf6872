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

/** The JSON of an answer, or an ApiError with the server's own explanation. */
async function answer<T>(res: Response): Promise<T> {
  const body = await res.json().catch(() => null);
  if (!res.ok) {
    const message = body && typeof body.message === "string" ? body.message : `${res.status} ${res.statusText}`;
    throw new ApiError(res.status, body?.error ?? "http_error", message);
  }
  return body as T;
}

export async function fetchJson<T>(url: string, signal?: AbortSignal): Promise<T> {
  return answer<T>(await fetch(url, { signal, headers: { accept: "application/json" } }));
}

/** A state-changing request with a JSON body (or none). */
export async function sendJson<T>(method: string, url: string, body?: unknown): Promise<T> {
  return answer<T>(await fetch(url, { method, headers: body ? { "content-type": "application/json" } : {}, body: body ? JSON.stringify(body) : undefined }));
}
