import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../fixtures/fixture-video.js';

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Run the built `lpr` command as a user would, capturing its output. */
export function lprCli(args: string[], options: { timeoutMs?: number } = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(repoRoot, 'apps/cli/bin/lpr.js'), ...args], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: options.timeoutMs ?? 120_000,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

export function modelsPresent(country: string): boolean {
  return ['lprnet-' + country + '.onnx', 'lprnet-' + country + '.json', 'cascade-' + country + '.xml'].every((f) =>
    existsSync(join(repoRoot, 'models', f)),
  );
}
