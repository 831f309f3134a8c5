// The view the address names, kept in step with it: a click on a view link, a reload, and the
// browser's back and forward all land here through the hash.
import { useEffect, useState } from 'react';
import { parseViewRoute, type View } from './view-route';

export function useViewRoute(): View {
  const [view, setView] = useState<View>(() => parseViewRoute(window.location.hash));
  useEffect(() => {
    const follow = () => setView(parseViewRoute(window.location.hash));
    window.addEventListener('hashchange', follow);
    window.addEventListener('popstate', follow);
    follow();
    return () => {
      window.removeEventListener('hashchange', follow);
      window.removeEventListener('popstate', follow);
    };
  }, []);
  // The tab and the history menu say which view an entry is.
  useEffect(() => {
    const base = document.title.replace(/^Lab · /, '');
    document.title = view === 'lab' ? `Lab · ${base}` : base;
  }, [view]);
  return view;
}
