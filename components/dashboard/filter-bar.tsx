"use client";

import { DEFAULT_FILTER, PRESETS, rangeEnd, rangeStart, resolveRange, type Preset } from "@/lib/dashboard/filter";
import { wholeDays } from "@/lib/metrics/days";
import { fill } from "@/lib/i18n/dashboard-messages";
import { CHANNELS, MERCHANT_CATEGORIES } from "@/lib/codes";
import { referenceData } from "@/lib/reference/data";
import { VENUE_RADII_M, type VenueRadius } from "@/lib/venue-zones";
import { useDashboardFilter } from "../hooks/use-dashboard-filter";
import { useLocale } from "../providers";

const ref = referenceData();
const LISTS = ["wallets", "channels", "districts", "categories"] as const;
type ListKey = (typeof LISTS)[number];

/** Every filter lives in the URL: a change pushes history, so links can be shared and Back undoes it. */
export function FilterBar({ allowedDistricts, compare }: {
  /** a district-limited viewer sees only their districts */
  allowedDistricts: readonly string[];
  compare: boolean;
}) {
  const { filter, problems, setFilter } = useDashboardFilter();
  const { locale, t } = useLocale();
  const f = t.dash.filters;
  const zh = locale === "zh";
  const options: Record<ListKey, { value: string; label: string }[]> = {
    wallets: ref.wallets.map((w) => ({ value: w.code, label: zh ? w.nameZh : w.name })),
    channels: CHANNELS.map((c) => ({ value: c, label: t.dash.channels[c] })),
    districts: ref.districts
      .filter((d) => d.current && (!allowedDistricts.length || allowedDistricts.includes(d.code)))
      .map((d) => ({ value: d.code, label: zh ? d.nameZh : d.nameEn })),
    categories: MERCHANT_CATEGORIES.map((c) => ({ value: c, label: t.dash.categories[c] })),
  };
  const setRange = (range: Preset) => {
    if (range === "custom") {
      // start from the local days the current preset covers
      const r = resolveRange(filter);
      setFilter({ ...filter, range, ...wholeDays({ from: rangeStart(r), to: rangeEnd(r) }) });
    } else setFilter({ ...filter, range, from: undefined, to: undefined });
  };
  return (
    <div className="filter-bar" role="search" aria-label={f.label} data-testid="filter-bar">
      {problems.length ? (
        <p className="notice" role="alert" data-testid="filter-problems">
          {t.dash.badLink} {problems.join("; ")}
        </p>
      ) : null}
      <label>
        <span>{f.range}</span>
        <select value={filter.range} onChange={(e) => setRange(e.target.value as Preset)} data-testid="range-select">
          {PRESETS.map((p) => (
            <option key={p} value={p}>{f.presets[p]}</option>
          ))}
        </select>
      </label>
      {filter.range === "custom" ? (
        <>
          <label>
            <span>{f.from}</span>
            <input type="date" value={filter.from} min="2023-01-01" max={filter.to} data-testid="from-input"
              onChange={(e) => e.target.value && setFilter({ ...filter, from: e.target.value })} />
          </label>
          <label>
            <span>{f.to}</span>
            <input type="date" value={filter.to} min={filter.from} data-testid="to-input"
              onChange={(e) => e.target.value && setFilter({ ...filter, to: e.target.value })} />
          </label>
        </>
      ) : null}
      {LISTS.map((key) => (
        <MultiSelect key={key} name={key} label={f[key]} allLabel={f.all} selectedLabel={f.selected} options={options[key]} value={filter[key]}
          onChange={(v) => setFilter({ ...filter, [key]: v })} />
      ))}
      <label>
        <span>{f.near}</span>
        <select value={filter.radiusM ?? ""} data-testid="radius-select"
          onChange={(e) => {
            const radiusM = e.target.value ? (Number(e.target.value) as VenueRadius) : null;
            setFilter({ ...filter, radiusM, venues: radiusM === null ? [] : filter.venues });
          }}>
          <option value="">{f.anywhere}</option>
          {VENUE_RADII_M.map((r) => (
            <option key={r} value={r}>{fill(f.within, { m: r.toLocaleString(locale) })}</option>
          ))}
        </select>
      </label>
      {filter.radiusM !== null ? (
        <MultiSelect name="venues" label={f.venues} allLabel={f.anyVenue} selectedLabel={f.selected} value={filter.venues}
          options={ref.venues.map((v) => ({ value: v.code, label: zh ? v.nameZh : v.nameEn }))} onChange={(venues) => setFilter({ ...filter, venues })} />
      ) : null}
      {compare ? (
        <label className="toggle">
          <input type="checkbox" checked={filter.compare} onChange={(e) => setFilter({ ...filter, compare: e.target.checked })} data-testid="compare-toggle" />
          <span>{f.compare}</span>
        </label>
      ) : null}
      <button type="button" className="link-button" onClick={() => setFilter(DEFAULT_FILTER)}>{f.reset}</button>
    </div>
  );
}

function MultiSelect({ name, label, allLabel, selectedLabel, options, value, onChange }: {
  name: string;
  label: string;
  allLabel: string;
  selectedLabel: string;
  options: { value: string; label: string }[];
  value: string[];
  onChange: (v: string[]) => void;
}) {
  const one = value.length === 1 ? options.find((o) => o.value === value[0])?.label : undefined;
  // a code from the URL that is not among the options (another district than the viewer's) is shown as it is
  const summary = value.length === 0 ? allLabel : value.length === 1 ? (one ?? <span translate="no">{value[0]}</span>) : fill(selectedLabel, { n: value.length });
  return (
    <details className="multi" data-testid={`filter-${name}`}>
      <summary>
        <span className="multi-label">{label}</span> <strong>{summary}</strong>
      </summary>
      <fieldset>
        <legend className="sr-only">{label}</legend>
        {options.map((o) => (
          <label key={o.value}>
            <input type="checkbox" value={o.value} checked={value.includes(o.value)}
              onChange={(e) => onChange(e.target.checked ? [...value, o.value].sort() : value.filter((v) => v !== o.value))} />
            {o.label}
          </label>
        ))}
      </fieldset>
    </details>
  );
}
