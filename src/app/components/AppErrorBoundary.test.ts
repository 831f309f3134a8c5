import { createElement, isValidElement, type ReactElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it, vi } from 'vitest';
import { AppErrorBoundary, RENDER_FAILED_MESSAGE } from './AppErrorBoundary';

// Server rendering does not run error boundaries and Vitest runs here without a DOM, so
// the boundary is driven through React's own contract: getDerivedStateFromError sets
// the state that render() reads.
function boundaryAfter(error: Error | null, reload = vi.fn()) {
  const children = createElement('p', null, 'EMBRYO TABLE');
  const boundary = new AppErrorBoundary({ children, reload });
  if (error) boundary.state = AppErrorBoundary.getDerivedStateFromError();
  return { boundary, reload };
}

describe('AppErrorBoundary', () => {
  it('renders the app unchanged while nothing has failed', () => {
    const { boundary } = boundaryAfter(null);
    expect(renderToStaticMarkup(boundary.render() as ReactElement)).toBe('<p>EMBRYO TABLE</p>');
  });

  it('after a render error shows the message and a Reload button instead of a blank page', () => {
    const { boundary } = boundaryAfter(new Error('boom'));
    const html = renderToStaticMarkup(boundary.render() as ReactElement);
    expect(html).toContain(RENDER_FAILED_MESSAGE);
    expect(html).toContain('your batch is saved in this browser');
    expect(html).toMatch(/<button type="button">Reload<\/button>/);
    expect(html).toContain('role="alert"');
    expect(html).not.toContain('EMBRYO TABLE');
  });

  it('Reload reloads and nothing else (the batch stays in IndexedDB)', () => {
    const { boundary, reload } = boundaryAfter(new Error('boom'));
    const fallback = boundary.render();
    if (!isValidElement<{ onReload: () => void }>(fallback)) throw new Error('expected the fallback element');
    fallback.props.onReload();
    expect(reload).toHaveBeenCalledTimes(1);
  });

  it('logs the technical detail to the console', () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const { boundary } = boundaryAfter(new Error('boom'));
    boundary.componentDidCatch(new Error('boom'), { componentStack: '\n    at Broken' });
    expect(error).toHaveBeenCalledWith('render failed', expect.objectContaining({ message: 'boom' }), '\n    at Broken');
    error.mockRestore();
  });
});
