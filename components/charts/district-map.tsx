"use client";

import { seriesColor } from "./palette";

export interface MapDistrict {
  code: string;
  label: string;
  lat: number;
  lon: number;
  /** drives the circle's area; null: hidden for this viewer */
  value: number | null;
  display: string;
  selected: boolean;
  /** outside the viewer's districts: drawn for orientation, greyed, not selectable */
  outOfScope?: boolean;
}

export interface MapVenue {
  code: string;
  label: string;
  lat: number;
  lon: number;
}

const W = 640;
const H = 420;
const PAD = 40;

// West Lake / Wulin: the city centre the schematic spreads out from
const CENTRE = { lat: 30.27, lon: 120.16 };

/** Distances from the centre shrink by their square root, so the crowded urban core gets room and the far counties stay on the page. */
function schematic(p: { lat: number; lon: number }, kx: number) {
  const dx = (p.lon - CENTRE.lon) * kx;
  const dy = p.lat - CENTRE.lat;
  const d = Math.hypot(dx, dy);
  const k = d > 0 ? Math.sqrt(d) / d : 0;
  return { x: dx * k, y: dy * k };
}

/**
 * Districts as circles at their centres and venues as diamonds, placed from
 * the reference coordinates on a schematic (directions true, distances from
 * the centre compressed): no tiles, nothing fetched.
 */
export function DistrictMap({ districts, venues, onSelect }: { districts: MapDistrict[]; venues: MapVenue[]; onSelect: (code: string) => void }) {
  // one degree of longitude is cos(latitude) as long as one of latitude
  const kx = Math.cos(CENTRE.lat * (Math.PI / 180));
  const pts = [...districts, ...venues].map((p) => schematic(p, kx));
  const [minX, maxX] = [Math.min(...pts.map((p) => p.x)), Math.max(...pts.map((p) => p.x))];
  const [minY, maxY] = [Math.min(...pts.map((p) => p.y)), Math.max(...pts.map((p) => p.y))];
  const scale = Math.min((W - 2 * PAD) / (maxX - minX || 1), (H - 2 * PAD) / (maxY - minY || 1));
  const x = (p: { lat: number; lon: number }) => PAD + (schematic(p, kx).x - minX) * scale;
  const y = (p: { lat: number; lon: number }) => H - PAD - (schematic(p, kx).y - minY) * scale;
  const max = Math.max(1, ...districts.map((d) => d.value ?? 0));
  return (
    <svg viewBox={`0 0 ${W} ${H}`} className="district-map" role="group" aria-label="Hangzhou districts">
      {districts.map((d, i) => {
        const r = 5 + 22 * Math.sqrt((d.value ?? 0) / max);
        if (d.outOfScope) {
          return (
            <g key={d.code} aria-label={`${d.label}: ${d.display}`} data-testid={`map-${d.code}`} className="map-district out-of-scope">
              <title>{`${d.label}: ${d.display}`}</title>
              <circle cx={x(d)} cy={y(d)} r={5} fill="none" stroke="var(--muted)" strokeDasharray="2 2" />
              <text x={x(d)} y={y(d) + 17} textAnchor="middle" fontSize={11} fill="var(--muted)">{d.label}</text>
            </g>
          );
        }
        return (
          <g key={d.code} role="button" tabIndex={0} aria-pressed={d.selected} aria-label={`${d.label}: ${d.display}`} data-testid={`map-${d.code}`}
            onClick={() => onSelect(d.code)} onKeyDown={(e) => (e.key === "Enter" || e.key === " ") && (e.preventDefault(), onSelect(d.code))}
            className="map-district">
            <title>{`${d.label}: ${d.display}`}</title>
            <circle cx={x(d)} cy={y(d)} r={r} fill={seriesColor(i)} fillOpacity={d.selected ? 0.85 : 0.45}
              stroke={d.selected ? "var(--text)" : seriesColor(i)} strokeWidth={d.selected ? 2.5 : 1} />
            <text x={x(d)} y={y(d) + r + 12} textAnchor="middle" fontSize={11} fill="var(--text)">{d.label}</text>
          </g>
        );
      })}
      {venues.map((v) => (
        <g key={v.code}>
          <title>{v.label}</title>
          <rect x={x(v) - 4} y={y(v) - 4} width={8} height={8} transform={`rotate(45 ${x(v)} ${y(v)})`} fill="var(--text)" opacity={0.8} />
        </g>
      ))}
    </svg>
  );
}
