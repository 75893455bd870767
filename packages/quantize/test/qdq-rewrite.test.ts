import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { calibrate } from '../src/calibrate.js';
import { channelMaxChannelsLast, foldStaticShapes, poolAsDepthwiseConv, removeNoOps, shapeInputs } from '../src/graph-rewrites.js';
import { DataType, constantTensor, decodeModel, encodeModel, graphOf, int64Values, makeNode, makeTensor, onnx, type Model, type Node } from '../src/onnx-graph.js';
import { insertQdq } from '../src/qdq-insert.js';
import { planQdq } from '../src/qdq-plan.js';
import { activationQuantization } from '../src/quant-math.js';

const SHAPE = [2, 4, 6];

function valueInfo(name: string, dims: Array<number | string>) {
  return onnx.ValueInfoProto.create({
    name,
    type: { tensorType: { elemType: DataType.FLOAT, shape: { dim: dims.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d })) } } },
  });
}

function model(nodes: Node[], initializers: ReturnType<typeof makeTensor>[], output: string): Model {
  return onnx.ModelProto.create({
    irVersion: 8,
    opsetImport: [{ domain: '', version: 16 }],
    graph: onnx.GraphProto.create({ name: 'test', node: nodes, initializer: initializers, input: [valueInfo('input', ['N', ...SHAPE])], output: [onnx.ValueInfoProto.create({ name: output, type: { tensorType: { elemType: DataType.FLOAT } } })] }),
  });
}

/** A seeded value stream in [-1, 1), so that the test is the same every run. */
function pseudoRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return (state / 2 ** 31) * 2 - 1;
  };
}

/** conv -> relu -> zero pad -> 2x3 average pool -> 1x1 average pool (identity) -> conv, as LPRNet's context path. */
function contextLikeModel(): Model {
  const next = pseudoRandom(7);
  const floats = (n: number) => Float32Array.from({ length: n }, next);
  return model(
    [
      makeNode('Conv', 'conv1', ['input', 'w1', 'b1'], ['c1'], { kernel_shape: [1, 1] }),
      makeNode('Relu', 'relu1', ['c1'], ['r1']),
      onnx.NodeProto.create({
        opType: 'Constant',
        name: 'pads',
        output: ['pads'],
        attribute: [{ name: 'value', type: onnx.AttributeProto.AttributeType.TENSOR, t: makeTensor('pads', DataType.INT64, [8], new BigInt64Array(8)) }],
      }),
      makeNode('Pad', 'pad', ['r1', 'pads'], ['p1']),
      makeNode('AveragePool', 'pool', ['p1'], ['a1'], { kernel_shape: [2, 3], strides: [2, 3] }),
      makeNode('AveragePool', 'identity', ['a1'], ['a2'], { kernel_shape: [1, 1], strides: [1, 1] }),
      makeNode('Conv', 'conv2', ['a2', 'w2', 'b2'], ['out'], { kernel_shape: [1, 1] }),
    ],
    [
      makeTensor('w1', DataType.FLOAT, [3, 2, 1, 1], floats(6)),
      makeTensor('b1', DataType.FLOAT, [3], floats(3)),
      makeTensor('w2', DataType.FLOAT, [4, 3, 1, 1], floats(12)),
      makeTensor('b2', DataType.FLOAT, [4], floats(4)),
    ],
    'out',
  );
}

async function run(m: Model, batch: Float32Array): Promise<Float32Array> {
  const session = await InferenceSession.create(encodeModel(m));
  try {
    const result = await session.run({ input: new Tensor('float32', batch, [batch.length / 48, ...SHAPE]) });
    return result.out!.data as Float32Array;
  } finally {
    await session.release();
  }
}

describe('QDQ rewrite of a hand-made graph', () => {
  it('removes the no-op Pad and pool, quantizes both convs and the pool between them', () => {
    const m = contextLikeModel();
    const graph = graphOf(m);
    assert.equal(removeNoOps(graph), 2);
    assert.deepEqual(graph.node.map((n) => n.opType), ['Conv', 'Relu', 'AveragePool', 'Conv']);
    assert.equal(graph.node[3]!.input[0], 'a1', 'the second conv reads the real pool directly');
    const plan = planQdq(graph);
    assert.deepEqual(plan.convs.map((n) => n.name), ['conv1', 'conv2']);
    assert.deepEqual(plan.pools.map((n) => n.name), ['pool']);
    assert.deepEqual(plan.tensors, ['input', 'r1', 'a1', 'out'], 'conv1 quantized after its ReLU');
    assert.equal(plan.shared.size, 0, 'an average pool makes new values: it gets its own range');
  });

  it('computes what the float graph computes, within the quantization error', async () => {
    const reference = contextLikeModel();
    const m = decodeModel(encodeModel(reference));
    const graph = graphOf(m);
    removeNoOps(graph);
    const plan = planQdq(graph);
    const next = pseudoRandom(11);
    const batches = [0, 1, 2].map(() => Float32Array.from({ length: 8 * 48 }, next));
    const { statistics } = await calibrate(m, plan.tensors, { name: 'input', batches, itemShape: SHAPE }, 100);
    assert.deepEqual(statistics.get('a1')!.dims, [1, 3, 2, 2]);
    for (const pool of plan.pools) poolAsDepthwiseConv(graph, pool, statistics.get(pool.input[0]!)!.dims[1]!);
    const activations = new Map(plan.tensors.map((t) => [t, activationQuantization(statistics.get(t)!.low, statistics.get(t)!.high)]));
    insertQdq(graph, [...plan.convs, ...plan.pools], activations);

    const count = (op: string) => graph.node.filter((n) => n.opType === op).length;
    // The graph output keeps its float value: its quantized copy would have no reader and is dropped.
    assert.equal(count('QuantizeLinear'), 3);
    assert.equal(count('DequantizeLinear'), 3 + 5, 'one per quantized activation, plus 3 weights and 2 biases');
    assert.equal(count('AveragePool'), 0);

    const input = batches[0]!;
    const [expected, actual] = [await run(reference, input), await run(m, input)];
    const { min, max } = statistics.get('out')!;
    const worst = Math.max(...expected.map((v, i) => Math.abs(v - actual[i]!)));
    assert.ok(worst < 0.03 * (max - min), `largest error ${worst} against an output range of ${max - min}`);
  });

  it('gives a max-pooled copy of a quantized tensor the same quantization', () => {
    const m = model(
      [
        makeNode('Conv', 'conv1', ['input', 'w'], ['c1'], { kernel_shape: [1, 1] }),
        makeNode('Relu', 'relu1', ['c1'], ['r1']),
        makeNode('MaxPool', 'pool', ['r1'], ['m1'], { kernel_shape: [3, 3] }),
        makeNode('Conv', 'conv2', ['m1', 'w'], ['out'], { kernel_shape: [1, 1] }),
      ],
      [makeTensor('w', DataType.FLOAT, [2, 2, 1, 1], new Float32Array(4))],
      'out',
    );
    const plan = planQdq(graphOf(m));
    assert.deepEqual(plan.tensors, ['input', 'r1', 'm1', 'out']);
    assert.deepEqual([...plan.shared], [['m1', 'r1']]);
  });

  it('leaves the nodes that compute a GridSample grid in float', () => {
    const m = model(
      [
        makeNode('Conv', 'locnet', ['input', 'w'], ['theta'], { kernel_shape: [1, 1] }),
        makeNode('GridSample', 'sample', ['input', 'theta'], ['warped']),
        makeNode('Conv', 'backbone', ['warped', 'w'], ['out'], { kernel_shape: [1, 1] }),
      ],
      [makeTensor('w', DataType.FLOAT, [2, 2, 1, 1], new Float32Array(4))],
      'out',
    );
    const plan = planQdq(graphOf(m));
    assert.deepEqual(plan.convs.map((n) => n.name), ['backbone']);
    assert.deepEqual(plan.tensors, ['warped', 'out']);
  });

  it('folds the static dimensions a Shape -> Gather reads into constants, keeping the batch dynamic', () => {
    const index = (name: string, i: number) =>
      onnx.NodeProto.create({ opType: 'Constant', name, output: [name], attribute: [{ name: 'value', type: onnx.AttributeProto.AttributeType.TENSOR, t: makeTensor(name, DataType.INT64, [], BigInt64Array.of(BigInt(i))) }] });
    const m = model(
      [
        makeNode('Relu', 'relu', ['input'], ['r']),
        makeNode('Shape', 'shape', ['r'], ['s']),
        index('i0', 0),
        index('i3', -1),
        makeNode('Gather', 'batch', ['s', 'i0'], ['n']),
        makeNode('Gather', 'width', ['s', 'i3'], ['w']),
        makeNode('Concat', 'target', ['n', 'w'], ['out'], { axis: 0 }),
      ],
      [],
      'out',
    );
    const graph = graphOf(m);
    assert.deepEqual(shapeInputs(graph), ['r']);
    assert.equal(foldStaticShapes(graph, new Map([['r', [1, 2, 4, 6]]])), 1);
    assert.deepEqual(int64Values(constantTensor(graph, 'w')!), [6]);
    assert.equal(graph.node.find((n) => n.output[0] === 'n')!.opType, 'Gather', 'the batch dimension is left to run time');
  });

  it('computes the channel-group max in channels-last order with the same result', async () => {
    // [N, 2, 4, 6] -> max over the 2 channels -> [N, 1, 4, 6], as LPRNet's ChannelSpatialMaxPool exports it.
    const build = () =>
      model(
        [makeNode('Reshape', 'groups', ['input', 'shape'], ['g']), makeNode('ReduceMax', 'max', ['g'], ['out'], { axes: [2], keepdims: 0 })],
        [makeTensor('shape', DataType.INT64, [5], BigInt64Array.of(-1n, 1n, 2n, 4n, 6n))],
        'out',
      );
    const rewritten = build();
    const graph = graphOf(rewritten);
    assert.equal(channelMaxChannelsLast(graph, new Map([['input', [1, 2, 4, 6]], ['out', [1, 1, 4, 6]]])), 1);
    assert.deepEqual(graph.node.map((n) => n.opType), ['Transpose', 'Reshape', 'ReduceMax', 'Transpose']);
    const next = pseudoRandom(3);
    const input = Float32Array.from({ length: 3 * 48 }, next);
    assert.deepEqual(await run(rewritten, input), await run(build(), input));
  });
});
