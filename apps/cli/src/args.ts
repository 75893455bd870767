import { LprError } from '@lpr/core';

/**
 * Run a command's `parseArgs` call; mistakes become one-line errors that point at --help. The call stays at the
 * command so that its option types are inferred there.
 */
export function withUsageErrors<T>(command: string, parse: () => T): T {
  try {
    return parse();
  } catch (err) {
    // Node's messages run on with advice about '--'; the first sentence is the useful part.
    const reason = (err instanceof Error ? err.message : String(err)).split(/\.\s/)[0]!.replace(/\.$/, '');
    throw new LprError(`${reason} (see: lpr ${command} --help)`);
  }
}

export function numberOption(name: string, value: string | undefined, fallback: number, min = 0): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < min) throw new LprError(`--${name} must be a number >= ${min}, got "${value}"`);
  return n;
}

export function choiceOption<T extends string>(name: string, value: string | undefined, choices: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (!(choices as readonly string[]).includes(value)) {
    throw new LprError(`--${name} must be one of ${choices.join(', ')}, got "${value}"`);
  }
  return value as T;
}
