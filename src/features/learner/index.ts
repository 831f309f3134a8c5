// Public entry of the learner for the page: the trainer the learning panel is handed, which
// runs the engine in its own worker (tfjs stays out of the page). Hosts that run the engine
// in their own realm (the CLI, benchmarks, tests) import headless.ts.
export { createLearnerClient } from './learner-client';
