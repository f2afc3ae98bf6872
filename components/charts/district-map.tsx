"use client";

import { geoPath } from "d3-geo";
import { useMemo, useState } from "react";
import { colourClasses, DISTRICT_SHAPES, districtLabels, estimatedWidth, mapLayout } from "@/lib/map/district-layout";
import { SEQUENTIAL } from "@/lib/palette";

export interface MapDistrict {
  code: string;
  label: string;
  /** the measure that fills the district; null: hidden for this viewer (suppressed or out of scope) */
  value: number | null;
  display: string;
  selected: boolean;
  /** outside the viewer's districts: drawn for orientation, hatched, not selectable */
  outOfScope?: boolean;
}

export interface MapVenue {
  code: string;
  label: string;
  lat: number;
  lon: number;
}

export interface MapText {
  title: string;
  inset: string;
  venue: string;
  hidden: string;
  hint: string;
  approximate: string;
}

const W = 720;
const H = 340;
const FONT = 11;
const layout = mapLayout(W, H);
// the outlines never change: projected to SVG paths once
const pathsOf = (path: ReturnType<typeof geoPath>) => new Map(DISTRICT_SHAPES.map((s) => [s.code, path(s.feature) ?? ""]));
const MAIN_PATHS = pathsOf(geoPath(layout.main));
const INSET_PATHS = pathsOf(geoPath(layout.inset.projection));
const CLASS_VARS = SEQUENTIAL.light.map((_, i) => `--map-${i}`);
// the scale lives in lib/palette.ts (the PDF uses it too); CSS custom properties switch it with the theme
const SCALE_CSS = `.district-map-figure{${SEQUENTIAL.light.map((c, i) => `${CLASS_VARS[i]}:${c}`).join(";")}}
@media (prefers-color-scheme: dark){.district-map-figure{${SEQUENTIAL.dark.map((c, i) => `${CLASS_VARS[i]}:${c}`).join(";")}}}`;

/**
 * Choropleth of the 2021 districts (outlines in data/geo, drawn offline with
 * d3-geo), the urban core enlarged in an inset, venues as diamonds. Each
 * district in the main map is a named, focusable button; hovering or focusing
 * one shows its name and value below the map.
 */
export function DistrictMap({ districts, venues, text, format, onSelect }: {
  districts: MapDistrict[];
  venues: MapVenue[];
  text: MapText;
  /** formats a legend break in the measure's unit */
  format: (n: number) => string;
  onSelect: (code: string) => void;
}) {
  const [active, setActive] = useState<string | null>(null);
  const byCode = new Map(districts.map((d) => [d.code, d]));
  const { breaks, classOf } = colourClasses(districts.filter((d) => !d.outOfScope).map((d) => d.value));
  const fill = (d: MapDistrict | undefined) => (!d || d.outOfScope || d.value === null ? "url(#map-hidden)" : `var(${CLASS_VARS[classOf(d.value)]})`);
  const labels = useMemo(() => districtLabels(layout, new Map(districts.map((d) => [d.code, d.label])), venues, estimatedWidth(FONT), FONT), [districts, venues]);
  const shown = active ? byCode.get(active) : undefined;
  const { box, frame } = layout.inset;

  const shape = (code: string, paths: Map<string, string>, focusable: boolean) => {
    const d = byCode.get(code);
    const selectable = d && !d.outOfScope;
    const common = {
      d: paths.get(code),
      fill: fill(d),
      className: `map-district${d?.selected ? " selected" : ""}${selectable ? "" : " out-of-scope"}`,
      onMouseEnter: () => setActive(code),
      onMouseLeave: () => setActive(null),
      onClick: selectable ? () => onSelect(code) : undefined,
    };
    if (!focusable) return <path key={code} {...common} aria-hidden="true" />;
    const name = d ? `${d.label}: ${d.display}` : code;
    return selectable ? (
      <path key={code} {...common} role="button" tabIndex={0} aria-pressed={d.selected} aria-label={name} data-testid={`map-${code}`}
        onFocus={() => setActive(code)} onBlur={() => setActive(null)}
        onKeyDown={(e) => (e.key === "Enter" || e.key === " ") && (e.preventDefault(), onSelect(code))} />
    ) : (
      <path key={code} {...common} role="img" aria-label={name} data-testid={`map-${code}`} />
    );
  };

  const venueMark = (v: MapVenue, x: number, y: number) => (
    <g key={v.code} className="map-venue" data-venue={v.code}>
      <title>{v.label}</title>
      <rect x={x - 3.5} y={y - 3.5} width={7} height={7} transform={`rotate(45 ${x} ${y})`} />
    </g>
  );

  return (
    <figure className="district-map-figure">
      <svg viewBox={`0 0 ${W} ${H}`} className="district-map" role="group" aria-label={text.title}>
        <style>{SCALE_CSS}</style>
        <defs>
          <pattern id="map-hidden" width={6} height={6} patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
            <rect width={6} height={6} fill="var(--panel)" />
            <line x1={0} y1={0} x2={0} y2={6} stroke="var(--border)" strokeWidth={3} />
          </pattern>
          <clipPath id="map-inset-clip"><rect x={box.x} y={box.y + 14} width={box.width} height={box.height - 14} /></clipPath>
        </defs>
        <g>{DISTRICT_SHAPES.map((s) => shape(s.code, MAIN_PATHS, true))}</g>
        <polygon points={frame.map((p) => p.join(",")).join(" ")} className="map-frame" />
        {venues.map((v) => {
          const [x, y] = layout.main([v.lon, v.lat])!;
          return venueMark(v, x, y);
        })}
        <g className="map-inset">
          <rect x={box.x} y={box.y} width={box.width} height={box.height} className="map-inset-box" />
          <text x={box.x + 6} y={box.y + 12} className="map-caption">{text.inset}</text>
          <g clipPath="url(#map-inset-clip)">
            {DISTRICT_SHAPES.map((s) => shape(s.code, INSET_PATHS, false))}
            {venues.map((v) => {
              const [x, y] = layout.inset.projection([v.lon, v.lat])!;
              return venueMark(v, x, y);
            })}
          </g>
        </g>
        <g aria-hidden="true">
          {labels.map((l) => (
            <text key={l.code} x={l.x} y={l.y} dy="0.35em" textAnchor="middle" fontSize={FONT} className="map-label" data-label={l.code}>{l.text}</text>
          ))}
        </g>
      </svg>
      <p className="map-readout" aria-live="polite" data-testid="district-map-readout">{shown ? `${shown.label}: ${shown.display}` : text.hint}</p>
      <figcaption className="map-legend" data-testid="district-map-legend">
        {breaks.slice(0, -1).map((b, i) => (
          <span key={i} className="legend-item">
            <span className="swatch" style={{ background: `var(${CLASS_VARS[i]})` }} />
            {format(b)}–{format(breaks[i + 1]!)}
          </span>
        ))}
        <span className="legend-item"><span className="swatch hidden" />{text.hidden}</span>
        <span className="legend-item"><span className="swatch venue" />{text.venue}</span>
        <span className="map-approx">{text.approximate}</span>
      </figcaption>
    </figure>
  );
}
