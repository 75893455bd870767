/** Model metadata that satisfies the `lpr-model/1` contract, for tests to copy and break. */
export const validMetadata = {
  format: 'lpr-model/1',
  name: 'lprnet-zz',
  country: 'zz',
  version: '2026.11.24',
  architecture: { family: 'lprnet', variant: 'basic', stn: true, params: 480000, gflops: 0.34 },
  input: { name: 'input', width: 94, height: 24, channels: 3, colorOrder: 'RGB', layout: 'NCHW', mean: [127.5, 127.5, 127.5], std: [128, 128, 128] },
  output: { name: 'logits', layout: 'NCT', timesteps: 18, activation: 'none' },
  charset: ['A', 'B', '1'],
  blankIndex: 3,
  training: { epochs: 1 },
};
