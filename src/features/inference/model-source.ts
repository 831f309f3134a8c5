// Where a model package's files come from: a URL on the app's origin (with a Cache
// Storage copy so the next start works offline), files the user picked, or a folder
// on disk (the CLI builds that one with node:fs). The loader sees only this interface.

export interface ModelFileSource {
  /** For messages, e.g. "/models/default/" or "my-model (your folder)". */
  readonly label: string;
  /** The file's bytes, or null when it does not exist. */
  read(path: string): Promise<ArrayBuffer | null>;
  /** Read again bypassing any cache (after a hash mismatch); defaults to read. */
  reread?(path: string): Promise<ArrayBuffer | null>;
}

/** A file the user picked or dropped (File satisfies it). */
export interface PickedModelFile {
  name: string;
  /** Set by folder pickers: "folder/model.json". */
  webkitRelativePath?: string;
  arrayBuffer(): Promise<ArrayBuffer>;
}

/** Files picked from one folder; matched by base name (folders are flattened). */
export function filesSource(files: Iterable<PickedModelFile>, label = 'your folder'): ModelFileSource {
  const byName = new Map<string, PickedModelFile>();
  for (const file of files) byName.set(baseName(file.name), file);
  return {
    label,
    async read(path) {
      const file = byName.get(baseName(path));
      return file ? file.arrayBuffer() : null;
    },
  };
}

/** In-memory files (IndexedDB copies of a user's model, tests). */
export function memorySource(files: Record<string, ArrayBuffer>, label: string): ModelFileSource {
  return {
    label,
    async read(path) {
      const bytes = files[baseName(path)];
      return bytes ? bytes.slice(0) : null;
    },
  };
}

export interface UrlSourceOptions {
  /** Cache Storage bucket for offline starts; omit (or no `caches`) for no caching. */
  cacheName?: string;
  fetch?: typeof fetch;
}

/**
 * Files under a base URL. JSON files go to the network first (a new model version is
 * picked up) and fall back to the cache offline; weight shards come from the cache
 * first (they are verified by hash anyway, and reread() refetches a bad copy).
 */
export function urlSource(baseUrl: string, options: UrlSourceOptions = {}): ModelFileSource {
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  const doFetch = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
  const cacheStorage = options.cacheName && typeof caches !== 'undefined' ? caches : undefined;
  const openCache = () => (cacheStorage && options.cacheName ? cacheStorage.open(options.cacheName) : Promise.resolve(undefined));

  async function fromNetwork(url: string): Promise<Response | null | 'offline'> {
    try {
      const response = await doFetch(url, { cache: 'no-cache' });
      if (response.status === 404 || response.status === 410) return null;
      if (!response.ok) return 'offline';
      return response;
    } catch {
      return 'offline';
    }
  }

  async function read(path: string, preferCache: boolean): Promise<ArrayBuffer | null> {
    const url = new URL(path, new URL(base, globalThis.location?.href ?? 'http://localhost/')).href;
    const cache = await openCache().catch(() => undefined);
    if (preferCache && cache) {
      const hit = await cache.match(url);
      if (hit) return hit.arrayBuffer();
    }
    const response = await fromNetwork(url);
    if (response === 'offline' || response === null) {
      const hit = await cache?.match(url);
      if (hit) return hit.arrayBuffer();
      if (response === 'offline') throw new Error(`cannot fetch ${url} (offline, and no cached copy)`);
      return null;
    }
    const bytes = await response.arrayBuffer();
    if (cache) {
      // A stored copy is what makes the next start work offline; failing to store (quota) is not fatal.
      await cache.put(url, new Response(bytes.slice(0), { headers: { 'content-type': response.headers.get('content-type') ?? 'application/octet-stream' } })).catch(() => undefined);
    }
    return bytes;
  }

  return {
    label: base,
    read: (path) => read(path, path.endsWith('.bin')),
    reread: (path) => read(path, false),
  };
}

export function baseName(path: string): string {
  const parts = path.split(/[\\/]/);
  return parts[parts.length - 1] ?? path;
}
