// The panel loads on first render: its code (IndexedDB store, zip writer, report view)
// stays out of the page's first bundle and out of Node hosts that import this feature.
import { lazy, Suspense } from 'react';
import type { LearnPanelProps } from './LearnPanel';

const Panel = lazy(() => import('./LearnPanel').then((m) => ({ default: m.LearnPanel })));

export type { LearnPanelProps };

export function LearnPanel(props: LearnPanelProps) {
  return (
    <Suspense fallback={null}>
      <Panel {...props} />
    </Suspense>
  );
}
