import type { ReactNode } from 'react';
import { isNotForClinicalUse, realSignalWarning } from '../../inference';
import { useModelStore } from '../model-controller';
import { AboutModel } from './AboutModel';
import { ModelSettings } from './ModelSettings';
import { ModelStatusBar } from './ModelStatusBar';

/**
 * The running model: status, its card (intended use first), the model settings, and what the
 * app adds below them (adaptation to the lab's images, a feature that builds on this one).
 */
export function ModelPanel({ children }: { children?: ReactNode }) {
  const grader = useModelStore((s) => s.grader);
  return (
    <section className="model-panel" aria-label="Model">
      <ModelStatusBar />
      <details>
        <summary>About this model and settings</summary>
        {grader && <AboutModel card={grader.card} modelHash={grader.modelHash} backend={grader.backend} />}
        <ModelSettings />
      </details>
      {children}
    </section>
  );
}

/** The header banner: what the model card says it is for, in the user's face. */
export function IntendedUseBanner() {
  const grader = useModelStore((s) => s.grader);
  const status = useModelStore((s) => s.status);
  if (!grader) {
    return (
      <p className="research-banner" role="note">
        {status === 'error' ? 'No model could be loaded: images are cropped but not graded.' : 'Research software: loading the grading model…'}
      </p>
    );
  }
  const warning = realSignalWarning(grader.card);
  return (
    <p className={isNotForClinicalUse(grader.card) ? 'research-banner' : 'use-banner'} role="note" data-testid="intended-use-banner">
      {grader.card.intendedUse}
      {warning && <span className="real-signal-warning" data-testid="real-signal-warning"> {warning} See &quot;About this model&quot;.</span>}
    </p>
  );
}
