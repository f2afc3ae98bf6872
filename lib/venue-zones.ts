// Where a merchant sits relative to the Games venues, as one key: its nearest
// venue and the smallest kept radius that reaches it ("big-lotus:500" = nearest
// venue Big Lotus, 250-500 m away). The hourly and daily rollups are keyed by it,
// so the dashboard's "near a venue" filter is a list of keys; shared by the
// fold and rebuild SQL (lib/store/contributions.ts) and the filter (server and browser).

/** The radii (metres from a merchant's nearest venue) the rollups and venue effects are kept for. */
export const VENUE_RADII_M = [250, 500, 1000, 2000, 5000] as const;
export type VenueRadius = (typeof VENUE_RADII_M)[number];

/** What every venue filter (metrics API, dashboard URL, scheduled reports) says about a bad radius, and about venues without one. */
export const VENUE_RADIUS_MESSAGE = `must be one of ${VENUE_RADII_M.join(", ")} (metres)`;
export const VENUES_NEED_RADIUS = "venues need a radiusM";

/** Every zone within `radiusM` of the given venues. */
export function venueZones(venueCodes: readonly string[], radiusM: number): string[] {
  return venueCodes.flatMap((v) => VENUE_RADII_M.filter((r) => r <= radiusM).map((r) => `${v}:${r}`));
}

/** The smallest kept radius that reaches a merchants row aliased `m` from its nearest venue (null beyond the largest). */
export const VENUE_RING_SQL = `CASE ${VENUE_RADII_M.map((r) => `WHEN m.venue_distance_m <= ${r} THEN ${r}`).join(" ")} END`;

/** The zone of a merchants row aliased `m`; '' beyond the largest radius or without a venue. */
export const VENUE_ZONE_SQL = `coalesce(m.nearest_venue_code || ':' || ${VENUE_RING_SQL}, '')`;
