// The graph side of a learned package: the dense heads a learner re-fits, the outcome head
// added to the graph, and the weights read from and written to a shard.
export { denseHeadNodes, type DenseHeadNodes, type DenseLayerNodes } from './dense-head';
export { addOutcomeHead, withoutOutcomeHead, OUTCOME_BIAS, OUTCOME_KERNEL, OUTCOME_LOGITS, OUTCOME_OUTPUT } from './outcome-head-graph';
export { asStored, readWeights, writeShard } from './weights-shard';
export { addMultiDepthNodes, multiDepthGapNode, rewireFirstLayer, withoutMultiDepthNodes, MULTI_DEPTH_CONSTANTS, MULTI_DEPTH_NODE, MULTI_DEPTH_POOLS } from './multi-depth-graph';
