import { DataType, dimsOf, floatValues, makeNode, makeTensor, removeUnused, type Graph, type Node, type TensorProto } from './onnx-graph.js';
import { quantizeBias, quantizeWeightsPerChannel, type ActivationQuantization } from './quant-math.js';

/**
 * Rewrite the graph into QDQ form: a QuantizeLinear -> DequantizeLinear pair on every listed activation (all its
 * readers then read the dequantized copy), and each listed Conv's weights stored as per-channel int8 and its bias as
 * int32, each behind a DequantizeLinear. The graph stays a float graph that computes what the integer one will;
 * onnxruntime's CPU provider fuses every DequantizeLinear -> Conv -> QuantizeLinear group into one QLinearConv.
 */
export function insertQdq(graph: Graph, convs: Node[], activations: ReadonlyMap<string, ActivationQuantization>): void {
  const added: TensorProto[] = [];
  const after = new Map<string, Node[]>();
  const before = new Map<Node, Node[]>();

  for (const [tensor, { scale, zeroPoint }] of activations) {
    const scaleName = `${tensor}_scale`;
    const zeroName = `${tensor}_zero_point`;
    added.push(makeTensor(scaleName, DataType.FLOAT, [], Float32Array.of(scale)), makeTensor(zeroName, DataType.UINT8, [], Uint8Array.of(zeroPoint)));
    after.set(tensor, [
      makeNode('QuantizeLinear', `${tensor}_QuantizeLinear`, [tensor, scaleName, zeroName], [`${tensor}_quantized`]),
      makeNode('DequantizeLinear', `${tensor}_DequantizeLinear`, [`${tensor}_quantized`, scaleName, zeroName], [`${tensor}_dequantized`]),
    ]);
  }
  for (const node of graph.node) node.input = node.input.map((name) => (activations.has(name) ? `${name}_dequantized` : name));

  const initializers = new Map(graph.initializer.map((t) => [t.name, t]));
  for (const conv of convs) {
    const input = conv.input[0]!.replace(/_dequantized$/, '');
    const inputQuantization = activations.get(input);
    if (!inputQuantization) throw new Error(`conv ${conv.name}: its input ${input} has no quantization`);
    const weight = initializers.get(conv.input[1]!);
    if (!weight) throw new Error(`conv ${conv.name}: weight ${conv.input[1]} is not an initializer`);
    const dims = dimsOf(weight);
    const prefix = conv.output[0]!;
    const quantized = quantizeWeightsPerChannel(floatValues(weight), dims[0]!);
    const dequantize: Node[] = [];
    const perChannel = (name: string, dataType: number, values: Int8Array | Int32Array, scales: Float32Array, valueDims: number[]) => {
      const zeros = dataType === DataType.INT8 ? new Int8Array(scales.length) : new Int32Array(scales.length);
      added.push(
        makeTensor(`${name}_quantized`, dataType, valueDims, values),
        makeTensor(`${name}_scale`, DataType.FLOAT, [scales.length], scales),
        makeTensor(`${name}_zero_point`, dataType, [scales.length], zeros),
      );
      dequantize.push(
        makeNode('DequantizeLinear', `${name}_DequantizeLinear`, [`${name}_quantized`, `${name}_scale`, `${name}_zero_point`], [`${name}_dequantized`], { axis: 0 }),
      );
      return `${name}_dequantized`;
    };
    conv.input[1] = perChannel(`${prefix}_weight`, DataType.INT8, quantized.values, quantized.scales, dims);
    const biasName = conv.input[2];
    if (biasName) {
      const bias = initializers.get(biasName);
      if (!bias) throw new Error(`conv ${conv.name}: bias ${biasName} is not an initializer`);
      const q = quantizeBias(floatValues(bias), inputQuantization.scale, quantized.scales);
      conv.input[2] = perChannel(`${prefix}_bias`, DataType.INT32, q.values, q.scales, [q.values.length]);
    }
    before.set(conv, dequantize);
  }

  // Keep the node list topologically sorted: weight DequantizeLinears just before their Conv, activation pairs just
  // after the node that produces the activation (or first, for a graph input).
  const ordered = graph.input.flatMap((i) => after.get(i.name) ?? []);
  for (const node of graph.node) {
    ordered.push(...(before.get(node) ?? []), node, ...node.output.flatMap((o) => after.get(o) ?? []));
  }
  graph.node = ordered;
  graph.initializer.push(...added);
  removeUnused(graph);
}
