/**
 * Object URLs for stored Blobs, revoked when the Blob is no longer shown (a new crop
 * replaces the old one) so a long day leaks nothing.
 *
 * Keyed by what the Blob shows (the caller's key plus its size and type), not by the Blob
 * object: every IndexedDB read hands back new Blob objects for the same bytes, and a fresh
 * URL per read made every row's <img> reload and decode again on each status change of
 * any image, which kept the main thread busy for hundreds of milliseconds while a batch ran.
 */
export function createObjectUrlCache() {
  let live = new Map<string, string>();
  let next = new Map<string, string>();
  return {
    /** `key` must change whenever the content can: e.g. the image id and the crop geometry. */
    url(blob: Blob | null, key: string): string | null {
      if (!blob || blob.size === 0) return null;
      const id = `${key}|${blob.size}|${blob.type}`;
      const url = next.get(id) ?? live.get(id) ?? URL.createObjectURL(blob);
      next.set(id, url);
      return url;
    },
    /** Call after a render pass: URLs not asked for in it are revoked. */
    sweep() {
      for (const [id, url] of live) if (!next.has(id)) URL.revokeObjectURL(url);
      live = next;
      next = new Map();
    },
  };
}
