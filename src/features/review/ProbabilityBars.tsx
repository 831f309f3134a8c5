import type { HeadPrediction } from '../../lib/types';
import { formatViewAgreement, viewsDisagree } from '../../lib/view-agreement';

const HEAD_LABEL = { expansion: 'Exp', icm: 'ICM', te: 'TE' };

/** One bar per class, per head: how sure the model is, not just its answer. */
export function ProbabilityBars({ heads }: { heads: HeadPrediction[] }) {
  return (
    <div className="prob-bars">
      {heads.map((head) => (
        <div
          key={head.name}
          className={`head${head.lowConfidence ? ' low' : ''}${viewsDisagree(head.viewAgreement) ? ' views-disagree' : ''}`}
          data-testid={`probs-${head.name}`}
          data-view-agreement={formatViewAgreement(head.viewAgreement) || undefined}
          title={head.viewAgreement ? `${head.viewAgreement.agree} of the model's ${head.viewAgreement.of} views of this crop call ${head.argmax}` : undefined}
        >
          <span className="head-name">{HEAD_LABEL[head.name]}</span>
          {head.classes.map((label, i) => (
            // The fill is the bar's background (its size the probability), not a positioned child:
            // a positioned or clipping box is a paint layer, and 13 of them per row made every frame
            // of a 200-row table walk thousands of layers.
            <span key={label} className={`bar${label === head.argmax ? ' top' : ''}`} style={{ backgroundSize: `${Math.round(head.probabilities[i] * 100)}% 100%` }} title={`${label}: ${(head.probabilities[i] * 100).toFixed(1)}%`}>
              <span className="label">{label}</span>
            </span>
          ))}
        </div>
      ))}
    </div>
  );
}
