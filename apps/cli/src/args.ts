import { parseArgs, type ParseArgsConfig } from 'node:util';
import { LprError } from '@lpr/core';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

/** Parse a command's arguments; mistakes become one-line errors that point at --help. */
export function parseCommandArgs<T extends OptionSpec>(command: string, argv: string[], options: T) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (err) {
    const reason = err instanceof Error ? err.message.split('\n')[0] : String(err);
    throw new LprError(`lpr ${command}: ${reason} (see: lpr ${command} --help)`);
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
