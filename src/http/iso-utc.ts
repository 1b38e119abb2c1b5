/** Epoch seconds as ISO 8601 UTC to the second, e.g. `2024-03-01T00:30:00Z` (CSV downloads). */
export function isoUtc(time: number): string {
  return `${new Date(time * 1000).toISOString().slice(0, 19)}Z`;
}
