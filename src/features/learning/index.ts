// Public entry of the learning feature for the page: the "Learn from this lab" panel (the app
// mounts it, handing it a trainer and the review table's confirmed grades) and the lab's labels.
// Hosts without a page import headless.ts (the same, without the panel).
export * from './headless';
// Loaded lazily, tfjs only in the learner's worker.
export { LearnPanel, type LearnPanelProps } from './components/LazyLearnPanel';
