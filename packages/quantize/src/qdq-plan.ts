import { isPlainAveragePool } from './graph-rewrites.js';
import type { Graph, Node } from './onnx-graph.js';

/** What gets quantized: convolutions, the average pools between quantized tensors, and the tensors around them. */
export interface QdqPlan {
  /** Conv nodes with constant weights, outside the spatial transformer's sampling-grid path. */
  convs: Node[];
  /** AveragePools reading a quantized tensor: calibrated as they are, then rewritten to depthwise Convs. */
  pools: Node[];
  /** Activations to quantize (uint8, per tensor): every input of those nodes, and each one's output. */
  tensors: string[];
  /**
   * Tensor -> the quantized tensor it is a max-pooled or reshaped copy of: it takes that tensor's quantization, so
   * that onnxruntime runs the ops between them on uint8 (it can only drop a Q/DQ pair around MaxPool, Reshape, ...
   * when both sides share scale and zero point). Their values are a subset of the source's, so its range holds.
   */
  shared: Map<string, string>;
}

/** Ops whose output values are all among their first input's values. */
const VALUE_PRESERVING = new Set(['MaxPool', 'ReduceMax', 'Reshape', 'Transpose', 'Flatten', 'Squeeze', 'Unsqueeze']);

/**
 * Choose what to quantize. A convolution's output is quantized after its ReLU when a ReLU is its only reader
 * (range [0, max], so onnxruntime folds the ReLU into the integer convolution). The nodes that compute a
 * GridSample's sampling grid (LPRNet's LocNet) stay in float: they are ~2% of the work, and an error in the
 * predicted affine transform moves every pixel the backbone sees.
 */
export function planQdq(graph: Graph): QdqPlan {
  const initializers = new Set(graph.initializer.map((t) => t.name));
  const gridPath = gridPathNodes(graph);
  const readers = (tensor: string) => graph.node.filter((n) => n.input.includes(tensor));

  const convs = graph.node.filter((n) => n.opType === 'Conv' && initializers.has(n.input[1]!) && !gridPath.has(n));
  const tensors = new Set<string>();
  for (const conv of convs) {
    tensors.add(conv.input[0]!);
    tensors.add(quantizedOutput(conv, readers));
  }
  const pools = graph.node.filter((n) => isPlainAveragePool(n) && tensors.has(n.input[0]!) && !gridPath.has(n));
  for (const pool of pools) tensors.add(pool.output[0]!);

  const producer = new Map(graph.node.flatMap((n) => n.output.map((o) => [o, n] as const)));
  const shared = new Map<string, string>();
  for (const tensor of tensors) {
    let node = producer.get(tensor);
    while (node && VALUE_PRESERVING.has(node.opType)) {
      const source = node.input[0]!;
      if (tensors.has(source)) {
        shared.set(tensor, source);
        break;
      }
      node = producer.get(source);
    }
  }
  return { convs, pools, tensors: [...tensors], shared };
}

/** The tensor a node's quantized output is taken at: after its ReLU when that is its only reader. */
function quantizedOutput(node: Node, readers: (tensor: string) => Node[]): string {
  const next = readers(node.output[0]!);
  return next.length === 1 && next[0]!.opType === 'Relu' ? next[0]!.output[0]! : node.output[0]!;
}

/** Every node that a GridSample's grid input (its second) depends on. */
function gridPathNodes(graph: Graph): Set<Node> {
  const producer = new Map(graph.node.flatMap((n) => n.output.map((o) => [o, n] as const)));
  const path = new Set<Node>();
  const pending = graph.node.filter((n) => n.opType === 'GridSample').map((n) => n.input[1]!);
  while (pending.length > 0) {
    const node = producer.get(pending.pop()!);
    if (!node || path.has(node)) continue;
    path.add(node);
    pending.push(...node.input);
  }
  return path;
}
