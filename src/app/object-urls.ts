/**
 * Object URLs for stored Blobs, one per Blob, revoked when the Blob is no
 * longer shown (a new crop replaces the old one) so a long day leaks nothing.
 */
export function createObjectUrlCache() {
  let live = new Map<Blob, string>();
  let next = new Map<Blob, string>();
  return {
    url(blob: Blob | null): string | null {
      if (!blob || blob.size === 0) return null;
      const url = live.get(blob) ?? next.get(blob) ?? URL.createObjectURL(blob);
      next.set(blob, url);
      return url;
    },
    /** Call after a render pass: URLs not asked for in it are revoked. */
    sweep() {
      for (const [blob, url] of live) if (!next.has(blob)) URL.revokeObjectURL(url);
      live = next;
      next = new Map();
    },
  };
}
