import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** From the module, not the working directory: `lpr` may be run from anywhere (src/ and dist/ are equally deep). */
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** The team's shared data folder: `$LPR_SHARED_DATA`, else `../shared/data` beside the repository. */
export function sharedDataDir(): string {
  return process.env.LPR_SHARED_DATA ? resolve(process.env.LPR_SHARED_DATA) : resolve(repoRoot, '../shared/data');
}
