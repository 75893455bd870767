import onnxProto from 'onnx-proto';
import type { onnx as Onnx } from 'onnx-proto';

/** The generated protobuf classes (onnx-proto is CommonJS: its namespace is a property of the default export). */
export const { onnx } = onnxProto;
export type Model = Onnx.ModelProto;
export type Node = Onnx.NodeProto;
export type TensorProto = Onnx.TensorProto;
/** A decoded graph: protobufjs fills every repeated field with instances of the message classes. */
export type Graph = Omit<Onnx.GraphProto, 'node' | 'initializer' | 'input' | 'output'> & {
  node: Node[];
  initializer: TensorProto[];
  input: Onnx.ValueInfoProto[];
  output: Onnx.ValueInfoProto[];
};

export function graphOf(model: Model): Graph {
  if (!model.graph) throw new Error('the model has no graph');
  return model.graph as Graph;
}

/** TensorProto.DataType values used here. */
export const DataType = { FLOAT: 1, UINT8: 2, INT8: 3, INT32: 6, INT64: 7 } as const;

export function decodeModel(bytes: Uint8Array): Model {
  return onnx.ModelProto.decode(bytes);
}

export function encodeModel(model: Model): Uint8Array {
  return onnx.ModelProto.encode(model).finish();
}

/** A deep copy, so that a model can be rewritten without touching the one it came from. */
export function cloneModel(model: Model): Model {
  return decodeModel(encodeModel(model));
}

/** int64 fields decode as numbers or as Long objects, depending on their size. */
export function toNumber(value: number | { toNumber(): number }): number {
  return typeof value === 'number' ? value : value.toNumber();
}

export function dimsOf(tensor: Onnx.ITensorProto): number[] {
  return (tensor.dims ?? []).map(toNumber);
}

/** A copy of the bytes, aligned for a typed-array view (raw_data may sit at any offset of the file buffer). */
function rawBytes(tensor: Onnx.ITensorProto): Uint8Array | null {
  return tensor.rawData && tensor.rawData.length > 0 ? Uint8Array.from(tensor.rawData) : null;
}

export function floatValues(tensor: Onnx.ITensorProto): Float32Array {
  if (tensor.dataType !== DataType.FLOAT) throw new Error(`tensor ${tensor.name} is not float32 (data type ${tensor.dataType})`);
  const raw = rawBytes(tensor);
  return raw ? new Float32Array(raw.buffer) : Float32Array.from(tensor.floatData ?? []);
}

export function int64Values(tensor: Onnx.ITensorProto): number[] {
  if (tensor.dataType !== DataType.INT64) throw new Error(`tensor ${tensor.name} is not int64 (data type ${tensor.dataType})`);
  const raw = rawBytes(tensor);
  return raw ? Array.from(new BigInt64Array(raw.buffer), Number) : (tensor.int64Data ?? []).map(toNumber);
}

type TypedValues = Float32Array | Uint8Array | Int8Array | Int32Array | BigInt64Array;

/** An initializer holding `values` as raw little-endian data; `dims` [] is a scalar. */
export function makeTensor(name: string, dataType: number, dims: number[], values: TypedValues): TensorProto {
  const bytes = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  return onnx.TensorProto.create({ name, dataType, dims, rawData: Uint8Array.from(bytes) });
}

export type AttributeValue = number | number[];

export function makeNode(opType: string, name: string, input: string[], output: string[], attributes: Record<string, AttributeValue> = {}): Node {
  const attribute = Object.entries(attributes).map(([key, value]) =>
    Array.isArray(value)
      ? onnx.AttributeProto.create({ name: key, type: onnx.AttributeProto.AttributeType.INTS, ints: value })
      : onnx.AttributeProto.create({ name: key, type: onnx.AttributeProto.AttributeType.INT, i: value }),
  );
  return onnx.NodeProto.create({ opType, name, input, output, attribute });
}

/** An INT or INTS attribute of a node, or undefined when the node does not set it. */
export function intsAttribute(node: Onnx.INodeProto, name: string): number[] | undefined {
  const found = node.attribute?.find((a) => a.name === name);
  if (!found) return undefined;
  return found.type === onnx.AttributeProto.AttributeType.INT ? [toNumber(found.i ?? 0)] : (found.ints ?? []).map(toNumber);
}

/** The constant value behind a tensor name: an initializer or the output of a Constant node. */
export function constantTensor(graph: Graph, name: string): Onnx.ITensorProto | undefined {
  const initializer = graph.initializer.find((t) => t.name === name);
  if (initializer) return initializer;
  const producer = graph.node.find((n) => n.opType === 'Constant' && n.output[0] === name);
  return producer?.attribute.find((a) => a.name === 'value')?.t ?? undefined;
}

/** Add a float tensor as an extra graph output (to read an intermediate value in a calibration run). */
export function addFloatOutput(graph: Graph, name: string): void {
  graph.output.push(onnx.ValueInfoProto.create({ name, type: { tensorType: { elemType: DataType.FLOAT } } }));
}

/**
 * Drop nodes whose outputs nobody reads (repeatedly: a Constant that fed only a removed node goes too) and
 * initializers no node reads; onnxruntime warns about each one left behind.
 */
export function removeUnused(graph: Graph): void {
  const graphOutputs = new Set(graph.output.map((o) => o.name));
  for (;;) {
    const read = new Set(graph.node.flatMap((n) => n.input));
    const kept = graph.node.filter((n) => n.output.some((o) => read.has(o) || graphOutputs.has(o)));
    if (kept.length === graph.node.length) break;
    graph.node = kept;
  }
  const read = new Set(graph.node.flatMap((n) => n.input));
  graph.initializer = graph.initializer.filter((t) => read.has(t.name));
}
