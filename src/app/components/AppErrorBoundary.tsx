// Catches an error thrown while rendering the app, so the page shows what happened and
// a way back instead of going blank. Every batch is already in IndexedDB, so nothing is
// cleared here: a reload reopens the batch as it was saved.
// A class because React offers error boundaries only as class components (a library
// such as react-error-boundary would add a dependency for these few lines).
import { Component, type ErrorInfo, type ReactNode } from 'react';

export const RENDER_FAILED_MESSAGE = 'Something went wrong displaying the app; your batch is saved in this browser.';

function AppErrorFallback({ onReload }: { onReload: () => void }) {
  return (
    <main className="app-error" role="alert" data-testid="app-error">
      <p>{RENDER_FAILED_MESSAGE}</p>
      <button type="button" onClick={onReload}>
        Reload
      </button>
    </main>
  );
}

interface Props {
  children: ReactNode;
  /** What the Reload button does; a page reload unless a test says otherwise. */
  reload?: () => void;
}

export class AppErrorBoundary extends Component<Props, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    // The technical detail goes to the console, not to the person grading.
    console.error('render failed', error, info.componentStack);
  }

  override render() {
    if (!this.state.failed) return this.props.children;
    return <AppErrorFallback onReload={this.props.reload ?? (() => window.location.reload())} />;
  }
}
