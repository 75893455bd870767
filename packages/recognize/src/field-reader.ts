import { LprError } from '@lpr/core';

/**
 * Reads typed fields out of a parsed YAML/JSON document. Every failure is an LprError naming the document,
 * the field's path (e.g. `templates[2].pattern`) and what was expected, so a broken file is fixed in one look.
 */
export class FieldReader {
  /** @param document what is being read, as the user knows it, e.g. `country file /x/models/countries/cn.yaml`. */
  constructor(private readonly document: string) {}

  fail(path: string, problem: string): never {
    throw new LprError(`invalid ${this.document}: ${path} ${problem}; fix the file`);
  }

  object(value: unknown, path: string): Record<string, unknown> {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      this.fail(path, `must be a mapping, got ${describe(value)}`);
    }
    return value as Record<string, unknown>;
  }

  array(value: unknown, path: string): unknown[] {
    if (!Array.isArray(value)) this.fail(path, `must be a list, got ${describe(value)}`);
    return value;
  }

  string(value: unknown, path: string): string {
    if (typeof value !== 'string' || value.length === 0) {
      this.fail(path, `must be a non-empty string, got ${describe(value)}`);
    }
    return value;
  }

  boolean(value: unknown, path: string): boolean {
    if (typeof value !== 'boolean') this.fail(path, `must be true or false, got ${describe(value)}`);
    return value;
  }

  /**
   * A finite number, optionally an integer, at least `min` (or above it, when `exclusiveMin`) and at most `max` (or
   * below it, when `exclusiveMax`).
   */
  number(
    value: unknown,
    path: string,
    rule: { integer?: boolean; min?: number; exclusiveMin?: boolean; max?: number; exclusiveMax?: boolean } = {},
  ): number {
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      this.fail(path, `must be a number, got ${describe(value)}`);
    }
    if (rule.integer && !Number.isInteger(value)) this.fail(path, `must be an integer, got ${value}`);
    if (rule.min !== undefined) {
      if (rule.exclusiveMin ? value <= rule.min : value < rule.min) {
        this.fail(path, `must be ${rule.exclusiveMin ? 'greater than' : 'at least'} ${rule.min}, got ${value}`);
      }
    }
    if (rule.max !== undefined) {
      if (rule.exclusiveMax ? value >= rule.max : value > rule.max) {
        this.fail(path, `must be ${rule.exclusiveMax ? 'less than' : 'at most'} ${rule.max}, got ${value}`);
      }
    }
    return value;
  }

  oneOf<T extends string>(value: unknown, path: string, allowed: readonly T[]): T {
    if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
      this.fail(path, `must be one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}, got ${describe(value)}`);
    }
    return value as T;
  }

  /** A list of unique single characters (Unicode code points), from a string or a list of strings. */
  characters(value: unknown, path: string): string[] {
    if (typeof value !== 'string' && !Array.isArray(value)) {
      this.fail(path, `must be a string or a list of characters, got ${describe(value)}`);
    }
    const chars = typeof value === 'string' ? [...value] : value.map((c, i) => this.string(c, `${path}[${i}]`));
    if (chars.length === 0) this.fail(path, 'must not be empty');
    const seen = new Set<string>();
    chars.forEach((c, i) => {
      if ([...c].length !== 1) this.fail(`${path}[${i}]`, `must be a single character, got ${JSON.stringify(c)}`);
      if (seen.has(c)) this.fail(path, `lists ${JSON.stringify(c)} twice`);
      seen.add(c);
    });
    return chars;
  }
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `${typeof value} ${JSON.stringify(value)}`;
}
