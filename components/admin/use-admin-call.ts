"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { fill } from "@/lib/i18n/dashboard-messages";
import { useLocale } from "../providers";

/** Sends one admin request and re-renders the page's server data afterwards; keeps the server's error message. */
export function useAdminCall() {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const { t } = useLocale();
  async function call<T>(method: string, url: string, body?: unknown): Promise<T | null> {
    setBusy(true);
    setError(null);
    try {
      const res = await fetch(url, { method, headers: body ? { "content-type": "application/json" } : {}, body: body ? JSON.stringify(body) : undefined });
      const json = await res.json().catch(() => ({}));
      if (!res.ok) {
        setError(json.message ?? fill(t.admin.requestFailed, { status: res.status }));
        return null;
      }
      router.refresh();
      return json as T;
    } finally {
      setBusy(false);
    }
  }
  return { call, error, busy };
}
