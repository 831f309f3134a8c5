// The typed boundary between the page and the learning worker: the trainer the learning
// panel asks for (learning/trainer.ts), less what only the page side does (ending the worker).
import type { LabTrainer, TrainProgress, TrainRequest, TrainResult } from '../learning';

export interface LearningWorkerApi {
  locate: LabTrainer['locate'];
  train(request: TrainRequest, onProgress: (progress: TrainProgress) => void): Promise<TrainResult>;
  /** Stops a run at its next step; the train call then rejects. */
  cancel(): void;
}
