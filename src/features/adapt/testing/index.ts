// Testing entry of the adaptation feature: small batch-norm-folded graphs made on the fly.
export { foldedGraphPackage, noise, syntheticImages } from './folded-graph';
