import { IntendedUseBanner, useModelStore } from '../features/models';
import { BatchView } from './components/BatchView';
import { LabView } from './components/LabView';
import { Notices } from './components/Notices';
import { StorageStatus } from './storage-status';
import { ViewNav } from './components/ViewNav';
import { useViewRoute } from './use-view-route';

export function App() {
  const backend = useModelStore((s) => s.grader?.backend ?? null);
  const view = useViewRoute();

  return (
    <div className="app">
      <header className="app-header">
        <h1>Blastograde</h1>
        <ViewNav current={view} />
        <IntendedUseBanner />
        <StorageStatus />
        <span className="backend" title={backend ? backend.reason : 'no model loaded'}>
          Backend: <strong data-testid="backend">{backend?.name ?? 'none'}</strong>
        </span>
      </header>
      <Notices />
      {/* Both views stay mounted; the one not shown is hidden, so jobs and half-done work in it carry on. */}
      <BatchView active={view === 'batch'} />
      <LabView active={view === 'lab'} />
    </div>
  );
}
