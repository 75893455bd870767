import { DataType, constantTensor, dimsOf, int64Values, intsAttribute, makeNode, makeTensor, onnx, removeUnused, type Graph, type Node } from './onnx-graph.js';

/**
 * Exact rewrites that leave the model's results unchanged but let onnxruntime keep more of it in integer kernels.
 */

/**
 * Remove nodes that do nothing: a Pad whose pads are all 0 and an AveragePool with a 1x1 kernel, stride 1 and no
 * padding (the PyTorch export of LPRNet's global context has both). Each would sit between a quantized tensor and
 * its consumer and keep that consumer in float. Returns how many were removed.
 */
export function removeNoOps(graph: Graph): number {
  const graphOutputs = new Set(graph.output.map((o) => o.name));
  const replaced = new Map<string, string>();
  graph.node = graph.node.filter((node) => {
    if (!isNoOp(graph, node) || graphOutputs.has(node.output[0]!)) return true;
    replaced.set(node.output[0]!, node.input[0]!);
    return false;
  });
  const resolve = (name: string): string => (replaced.has(name) ? resolve(replaced.get(name)!) : name);
  for (const node of graph.node) node.input = node.input.map(resolve);
  removeUnused(graph);
  return replaced.size;
}

function isNoOp(graph: Graph, node: Node): boolean {
  if (node.opType === 'Pad') {
    const pads = node.input[1] ? constantTensor(graph, node.input[1]) : undefined;
    return pads !== undefined && int64Values(pads).every((p) => p === 0);
  }
  if (node.opType === 'AveragePool') {
    const ones = (name: string) => (intsAttribute(node, name) ?? [1]).every((v) => v === 1);
    return ones('kernel_shape') && ones('strides') && unpadded(node);
  }
  return false;
}

function unpadded(node: Node): boolean {
  const autoPad = node.attribute.find((a) => a.name === 'auto_pad');
  const autoPadValue = autoPad?.s ? new TextDecoder().decode(autoPad.s) : 'NOTSET';
  return (autoPadValue === 'NOTSET' || autoPadValue === 'VALID') && (intsAttribute(node, 'pads') ?? [0]).every((p) => p === 0);
}

/** An AveragePool that `poolAsDepthwiseConv` can rewrite: no padding, floor mode, no dilation. */
export function isPlainAveragePool(node: Node): boolean {
  return node.opType === 'AveragePool' && unpadded(node) && (intsAttribute(node, 'ceil_mode') ?? [0])[0] === 0 && !intsAttribute(node, 'dilations');
}

/**
 * Turn an unpadded AveragePool over `channels` channels into the equivalent depthwise Conv (one kh x kw kernel of
 * 1 / (kh kw) per channel), in place. onnxruntime runs a quantized average pool in a slow generic kernel
 * (QLinearAveragePool: measured 3x the time of the whole float pool), while a depthwise QLinearConv runs in its
 * vectorized depthwise kernel and stays in the channels-last layout of the convolutions around it.
 */
export function poolAsDepthwiseConv(graph: Graph, node: Node, channels: number): void {
  if (!isPlainAveragePool(node)) throw new Error(`node ${node.name} is not an unpadded AveragePool`);
  const kernel = intsAttribute(node, 'kernel_shape')!;
  const strides = intsAttribute(node, 'strides') ?? kernel.map(() => 1);
  const taps = kernel.reduce((a, b) => a * b, 1);
  const weight = makeTensor(`${node.output[0]}_depthwise_weight`, DataType.FLOAT, [channels, 1, ...kernel], new Float32Array(channels * taps).fill(1 / taps));
  graph.initializer.push(weight);
  const conv = makeNode('Conv', node.name, [node.input[0]!, weight.name], [node.output[0]!], { group: channels, kernel_shape: kernel, strides });
  node.opType = conv.opType;
  node.input = conv.input;
  node.attribute = conv.attribute;
}

/** The tensors a Reshape reshapes (their dimensions are needed by `channelMaxChannelsLast`). */
export function reshapeInputs(graph: Graph): string[] {
  return graph.node.filter((n) => n.opType === 'Reshape').map((n) => n.input[0]!);
}

/** The tensors whose shape a Shape node reads (their dimensions are needed by `foldStaticShapes`). */
export function shapeInputs(graph: Graph): string[] {
  return [...new Set(graph.node.filter((n) => n.opType === 'Shape' && n.attribute.length === 0).map((n) => n.input[0]!))];
}

/**
 * Replace `Gather(Shape(x), i)` by the constant x.shape[i] for every i >= 1, given x's dimensions (the batch, i = 0,
 * stays dynamic). The export computes the channel max-pool's reshape target from the pooled map's height and width,
 * which are fixed for a fixed input size; left as it is, onnxruntime keeps a float copy of that whole map alive
 * just so that Shape can read it. Returns how many were folded.
 */
export function foldStaticShapes(graph: Graph, dims: ReadonlyMap<string, number[]>): number {
  const producer = new Map(graph.node.flatMap((n) => n.output.map((o) => [o, n] as const)));
  let folded = 0;
  graph.node = graph.node.map((node) => {
    const shape = producer.get(node.input[0] ?? '');
    if (node.opType !== 'Gather' || shape?.opType !== 'Shape' || shape.attribute.length > 0 || !node.input[1]) return node;
    const indexTensor = constantTensor(graph, node.input[1]);
    const known = dims.get(shape.input[0]!);
    if (!indexTensor || !known || dimsOf(indexTensor).length !== 0 || (intsAttribute(node, 'axis') ?? [0])[0] !== 0) return node;
    const index = int64Values(indexTensor)[0]!;
    const axis = index < 0 ? index + known.length : index;
    if (axis < 1 || axis >= known.length) return node;
    folded++;
    const value = makeTensor(node.output[0]!, DataType.INT64, [], BigInt64Array.of(BigInt(known[axis]!)));
    return onnx.NodeProto.create({
      opType: 'Constant',
      name: node.name,
      output: node.output,
      attribute: [{ name: 'value', type: onnx.AttributeProto.AttributeType.TENSOR, t: value }],
    });
  });
  removeUnused(graph);
  return folded;
}

/**
 * LPRNet's max over groups of g consecutive channels is exported as Reshape [N, C/g, g, H, W] + ReduceMax over axis 2,
 * which onnxruntime runs in NCHW, between the channels-last integer convolutions: two transposes of the whole map
 * around it. Rewritten as Transpose to NHWC, Reshape [N, H, W, C/g, g], ReduceMax over axis 4 and Transpose back,
 * the same maximum, whose transposes onnxruntime cancels against its own layout changes. `dims` gives each
 * Reshape input's and ReduceMax output's dimensions for one item. Returns how many were rewritten.
 */
export function channelMaxChannelsLast(graph: Graph, dims: ReadonlyMap<string, number[]>): number {
  const readers = (tensor: string) => graph.node.filter((n) => n.input.includes(tensor));
  let rewritten = 0;
  for (const reshape of graph.node.filter((n) => n.opType === 'Reshape')) {
    const next = readers(reshape.output[0]!);
    const reduce = next[0];
    const input = dims.get(reshape.input[0]!);
    const output = reduce ? dims.get(reduce.output[0]!) : undefined;
    if (next.length !== 1 || reduce!.opType !== 'ReduceMax' || !input || !output || input.length !== 4 || output.length !== 4) continue;
    const axes = intsAttribute(reduce!, 'axes');
    const keepdims = (intsAttribute(reduce!, 'keepdims') ?? [1])[0];
    const [, channels, height, width] = input as [number, number, number, number];
    const [, pooled, outHeight, outWidth] = output as [number, number, number, number];
    if (axes?.join() !== '2' || keepdims !== 0 || reduce!.input.length !== 1 || outHeight !== height || outWidth !== width || channels % pooled !== 0) continue;
    const name = reshape.output[0]!;
    const shape = makeTensor(`${name}_channels_last_shape`, DataType.INT64, [5], BigInt64Array.of(0n, BigInt(height), BigInt(width), BigInt(pooled), BigInt(channels / pooled)));
    graph.initializer.push(shape);
    const source = reshape.input[0]!;
    const target = reduce!.output[0]!;
    const nodes = [
      makeNode('Transpose', `${name}_to_nhwc`, [source], [`${name}_nhwc`], { perm: [0, 2, 3, 1] }),
      makeNode('Reshape', reshape.name, [`${name}_nhwc`, shape.name], [`${name}_groups`]),
      makeNode('ReduceMax', reduce!.name, [`${name}_groups`], [`${name}_max_nhwc`], { axes: [4], keepdims: 0 }),
      makeNode('Transpose', `${name}_to_nchw`, [`${name}_max_nhwc`], [target], { perm: [0, 3, 1, 2] }),
    ];
    graph.node.splice(graph.node.indexOf(reshape), 1, ...nodes);
    graph.node.splice(graph.node.indexOf(reduce!), 1);
    rewritten++;
  }
  removeUnused(graph);
  return rewritten;
}
