// The typed boundary between the page and the learning worker: the trainer the learning
// panel asks for (learning/trainer.ts), less what the page side does itself (locating an
// import's images on its locate workers, ending the worker).
import type { TrainProgress, TrainRequest, TrainResult } from '../learning';

export interface LearningWorkerApi {
  train(request: TrainRequest, onProgress: (progress: TrainProgress) => void): Promise<TrainResult>;
  /** Stops a run at its next step; the train call then rejects. */
  cancel(): void;
}
