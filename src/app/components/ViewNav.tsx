// Batch | Lab in the header line: plain links (keyboard reachable, open in a new tab, history
// entries), the current one marked for assistive technology with aria-current.
import { formatViewRoute, type View } from '../view-route';

const LABELS: Record<View, { text: string; title: string }> = {
  batch: { text: 'Batch', title: 'The batch: identity, drop, review and the grade sheet' },
  lab: { text: 'Lab', title: "The lab's models, adaptation and learning" },
};

export function ViewNav({ current }: { current: View }) {
  return (
    <nav className="view-nav" aria-label="Views">
      {(Object.keys(LABELS) as View[]).map((view) => (
        <a
          key={view}
          href={formatViewRoute(view)}
          aria-current={view === current ? 'page' : undefined}
          title={LABELS[view].title}
          data-testid={`view-${view}`}
        >
          {LABELS[view].text}
        </a>
      ))}
    </nav>
  );
}
