import { parseArgs, type ParseArgsConfig } from 'node:util';
import { LprError } from '@lpr/core';
import { printLine } from './output.js';

type OptionSpecs = NonNullable<ParseArgsConfig['options']>;

const helpOption = { help: { type: 'boolean', short: 'h', default: false } } as const;

/**
 * Parse a command's arguments (every command also takes -h/--help). Returns null when help was printed;
 * mistakes become one-line errors that point at --help.
 */
export function parseCommand<const O extends OptionSpecs>(command: string, usage: string, argv: string[], options: O) {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, strict: true, options: { ...options, ...helpOption } });
  } catch (err) {
    // Node's messages run on with advice about '--'; the first sentence is the useful part.
    const reason = (err instanceof Error ? err.message : String(err)).split(/\.\s/)[0]!.replace(/\.$/, '');
    throw new LprError(`${reason} (see: lpr ${command} --help)`);
  }
  if ((parsed.values as { help?: boolean }).help) {
    printLine(usage);
    return null;
  }
  return parsed;
}

/** For commands that take options only. */
export function noPositionals(command: string, positionals: string[]): void {
  if (positionals.length > 0) throw new LprError(`lpr ${command} takes no arguments, got "${positionals[0]}" (see: lpr ${command} --help)`);
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

/** `--precision`: undefined lets the loader choose (int8 when the country has an int8 model, on the CPU). */
export function precisionOption(value: string | undefined): 'int8' | 'fp32' | undefined {
  return value === undefined ? undefined : choiceOption<'int8' | 'fp32'>('precision', value, ['int8', 'fp32'], 'fp32');
}

/** `--turns 15,30`: positive angles in degrees, below 90; `0`: none ([]); absent: undefined (the detector's default). */
export function turnsOption(value: string | undefined): number[] | undefined {
  if (value === undefined) return undefined;
  if (value.trim() === '0') return [];
  const turns = value.split(',').map(Number);
  if (!turns.every((t) => t > 0 && t < 90)) throw new LprError(`--turns must be angles in degrees between 0 and 90, e.g. 15,30, or 0 for none; got "${value}"`);
  return turns;
}
