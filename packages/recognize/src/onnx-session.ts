import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { LprError, errorMessage, type Logger } from '@lpr/core';
import { InferenceSession } from 'onnxruntime-node';

export type Device = 'cpu' | 'cuda' | 'auto';

export interface SessionRequest {
  modelPath: string;
  /** `cuda` and `auto` try CUDA first and fall back to CPU; `cuda` warns when it has to. */
  device: Device;
  /** Threads for one operator; 0 lets onnxruntime pick (one per physical core). */
  intraOpThreads: number;
  logger: Logger;
}

export interface OpenedSession {
  session: InferenceSession;
  provider: 'cpu' | 'cuda';
}

/**
 * Open an onnxruntime session on the requested device. The npm package ships only the CPU provider unless it was
 * installed with network access, so asking for CUDA must degrade to CPU with one log line, not fail.
 */
export async function openSession({ modelPath, device, intraOpThreads, logger }: SessionRequest): Promise<OpenedSession> {
  let model: Uint8Array;
  try {
    // Read once: a CUDA attempt and its CPU fallback then parse the same bytes.
    model = await readFile(modelPath);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    throw new LprError(`model ${modelPath} not found: export it with npm run export:recognizer, or pass the path of an exported .onnx`);
  }
  const options = (executionProviders: string[]): InferenceSession.SessionOptions => ({
    executionProviders,
    intraOpNumThreads: intraOpThreads,
    // One graph, run sequentially: inter-op threads would only compete with intra-op ones for the cores.
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
    // Idle intra-op threads spin by default, burning the cores that decoding, detection and our own preprocessing
    // share with them: measured on 2 busy cores, spinning doubled the CPU time per plate and halved throughput.
    extra: { session: { intra_op: { allow_spinning: '0' } } },
  });

  let cudaFailure: string | undefined;
  if (device !== 'cpu') {
    cudaFailure = missingCudaProvider();
    if (cudaFailure === undefined) {
      try {
        return { session: await InferenceSession.create(model, options(['cuda', 'cpu'])), provider: 'cuda' };
      } catch (err) {
        cudaFailure = firstLine(err);
      }
    }
  }
  let session: InferenceSession;
  try {
    session = await InferenceSession.create(model, options(['cpu']));
  } catch (err) {
    throw new LprError(
      `model ${modelPath} could not be loaded (${firstLine(err)}): the file is corrupt or not an ONNX model; re-export it with npm run export:recognizer`,
      { cause: err },
    );
  }
  // Logged only once the CPU session works: a corrupt model also fails the CUDA attempt, and is reported above.
  if (cudaFailure !== undefined) {
    const log = device === 'cuda' ? logger.warn : logger.info;
    log('CUDA execution provider unavailable; running the recognizer on CPU', { model: modelPath, reason: cudaFailure });
  }
  return { session, provider: 'cpu' };
}

function firstLine(err: unknown): string {
  return errorMessage(err).split('\n')[0]!;
}

/**
 * Why CUDA cannot work, when that is known without trying: onnxruntime-node's install script puts the CUDA provider
 * library beside its native binding only when it may download it (this repository's .npmrc skips that). Trying
 * anyway makes onnxruntime print its own error to stderr besides ours. Undefined when the package's layout is not
 * the expected one, so an unknown layout still gets a real attempt.
 */
function missingCudaProvider(): string | undefined {
  const packageMain = createRequire(import.meta.url).resolve('onnxruntime-node');
  const bindingDir = join(dirname(packageMain), '..', 'bin', 'napi-v6', process.platform, process.arch);
  if (!existsSync(join(bindingDir, 'onnxruntime_binding.node'))) return undefined;
  const library = process.platform === 'win32' ? 'onnxruntime_providers_cuda.dll' : 'libonnxruntime_providers_cuda.so';
  if (existsSync(join(bindingDir, library))) return undefined;
  return `${library} is not installed; reinstall onnxruntime-node with network access and ONNXRUNTIME_NODE_INSTALL=cuda12`;
}
