"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { ApiError, sendJson } from "../hooks/fetch-json";

/** Sends one admin request and re-renders the page's server data afterwards; keeps the server's error (code and message). */
export function useAdminCall() {
  const router = useRouter();
  const [error, setError] = useState<Error | null>(null);
  const [busy, setBusy] = useState(false);
  async function call<T>(method: string, url: string, body?: unknown): Promise<T | null> {
    setBusy(true);
    setError(null);
    try {
      const answer = await sendJson<T>(method, url, body);
      router.refresh();
      return answer ?? ({} as T);
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, "generic", (err as Error).message));
      return null;
    } finally {
      setBusy(false);
    }
  }
  return { call, error, busy };
}
