// The panel loads on first render: its code (IndexedDB store, zip writer, worker glue)
// stays out of the page's first bundle and out of Node hosts that import this feature.
import { lazy, Suspense } from 'react';

const Panel = lazy(() => import('./LearnPanel').then((m) => ({ default: m.LearnPanel })));

export function LearnPanel() {
  return (
    <Suspense fallback={null}>
      <Panel />
    </Suspense>
  );
}
