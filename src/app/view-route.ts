// The page's two places and their URLs: the batch flow at `#/` (or no hash) and the lab's models,
// adaptation and learning at `#/lab`. A hash route needs nothing from the server or the service
// worker (the document is the same), survives a reload, and each switch is a history entry, so
// the browser's back and forward switch views.

export type View = 'batch' | 'lab';

export const VIEWS: readonly View[] = ['batch', 'lab'];

/** The view a location hash names; anything unknown is the batch (the page a person starts on). */
export function parseViewRoute(hash: string): View {
  const path = hash.replace(/^#/, '').replace(/^\/+/, '').replace(/\/+$/, '').split(/[?#]/)[0]!.toLowerCase();
  // `#lab` was the old in-page anchor of the lab section: an old bookmark still lands in the lab.
  return path === 'lab' ? 'lab' : 'batch';
}

/** The hash (with its `#`) a link to the view carries. */
export function formatViewRoute(view: View): string {
  return view === 'lab' ? '#/lab' : '#/';
}
