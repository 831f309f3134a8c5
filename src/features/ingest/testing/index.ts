// Public testing entry of the ingest feature: the generated hostile-input corpus, for
// the CLI and browser tests (and scripts/make-hostile-corpus.ts) that run it end to end.
export { hostileCorpus, type HostileFile } from './hostile-corpus';
