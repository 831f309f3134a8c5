// The view the address names, kept in step with it: a click on a view link, a reload, and the
// browser's back and forward all land here through the hash. Each view keeps its own scroll
// position (the page scrolls as one), so a switch to the lab and back finds the table where it was.
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { parseViewRoute, type View } from './view-route';

export function useViewRoute(): View {
  const [view, setView] = useState<View>(() => parseViewRoute(window.location.hash));
  const shown = useRef(view);
  const scrolls = useRef<Partial<Record<View, number>>>({});
  useEffect(() => {
    const follow = () => {
      const next = parseViewRoute(window.location.hash);
      if (next === shown.current) return;
      // The page still shows the view being left: keep where it was scrolled to.
      scrolls.current[shown.current] = window.scrollY;
      shown.current = next;
      setView(next);
    };
    window.addEventListener('hashchange', follow);
    window.addEventListener('popstate', follow);
    follow();
    return () => {
      window.removeEventListener('hashchange', follow);
      window.removeEventListener('popstate', follow);
    };
  }, []);
  // Before the switch is painted: back to where this view was left (its top the first time).
  const first = useRef(true);
  useLayoutEffect(() => {
    if (first.current) { first.current = false; return; }
    window.scrollTo(0, scrolls.current[view] ?? 0);
  }, [view]);
  // The tab and the history menu say which view an entry is.
  useEffect(() => {
    const base = document.title.replace(/^Lab · /, '');
    document.title = view === 'lab' ? `Lab · ${base}` : base;
  }, [view]);
  return view;
}
