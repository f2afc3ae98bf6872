"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { IncidentAction } from "@/lib/alerts/incidents";
import { rangeEnd, rangeStart, resolveRange } from "@/lib/dashboard/filter";
import type { TimeMark } from "../charts/time-marks";
import { fetchJson, sendJson } from "./fetch-json";
import { useDashboardFilter } from "./use-dashboard-filter";
import { LIVE_REFRESH_MS } from "@/lib/dashboard/refresh";

// Incidents and annotations for the operations page and the alerts page:
// fetched here only, refreshed while the page is open.

export interface IncidentEventRow { id: string; at: string; kind: string; actor: string | null; text: string | null; value: number | null }
export interface IncidentRow {
  id: string;
  ruleId: string;
  subject: string;
  title: string;
  ruleName: string | null;
  status: "OPEN" | "ACKNOWLEDGED" | "RESOLVED";
  openedAt: string;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
  mutedUntil: string | null;
  resolvedAt: string | null;
  resolvedBy: string | null;
  peakValue: number | null;
  events: IncidentEventRow[];
  /** the operations page for the incident's days and wallet/district (absent in answers to actions) */
  chart?: string;
  /** the delivery log (absent in answers to actions) */
  notifications?: { event: string; to: string; status: "PENDING" | "DELIVERED" | "FAILED"; attempts: number; lastError: string | null; deliveredAt: string | null; createdAt: string }[];
}
export interface AnnotationRow { id: string; at: string; endAt: string | null; text: string; wallet: string | null; district: string | null; createdBy: string }

export function useIncidents(status: "open" | "all") {
  return useQuery({
    queryKey: ["incidents", status],
    queryFn: ({ signal }) => fetchJson<{ asOf: string; incidents: IncidentRow[] }>(`/api/alerts/incidents?status=${status}`, signal),
    refetchInterval: LIVE_REFRESH_MS,
  });
}

export function useAnnotations(range: { from: string; to: string } | null) {
  return useQuery({
    queryKey: ["annotations", range?.from, range?.to],
    queryFn: ({ signal }) => fetchJson<{ annotations: AnnotationRow[] }>(`/api/annotations?${new URLSearchParams(range!)}`, signal),
    enabled: range !== null,
    refetchInterval: 30_000,
  });
}

/** Acknowledge, note, mute or resolve; every incident list refetches afterwards. */
export function useIncidentAction() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, action }: { id: string; action: IncidentAction }) => sendJson(`POST`, `/api/alerts/incidents/${id}`, action),
    onSettled: () => client.invalidateQueries({ queryKey: ["incidents"] }),
  });
}

export function useAddAnnotation() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (a: { at: string; endAt?: string; text: string; wallet?: string }) => sendJson("POST", "/api/annotations", a),
    onSettled: () => client.invalidateQueries({ queryKey: ["annotations"] }),
  });
}

/** Manual notes in the URL filter's range, as chart marks (every signed-in reader may see them). */
export function useChartNotes(): TimeMark[] {
  const r = resolveRange(useDashboardFilter().filter);
  const q = useAnnotations({ from: rangeStart(r).toISOString(), to: rangeEnd(r).toISOString() });
  return (q.data?.annotations ?? []).map((a) => ({ at: a.at, endAt: a.endAt, label: a.text, tone: "note" as const }));
}
