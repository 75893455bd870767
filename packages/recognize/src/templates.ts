import { LprError } from '@lpr/core';

/** One plate layout of a country file: `pattern` is a regular expression in which `<class>` is a macro. */
export interface TemplateSpec {
  name: string;
  pattern: string;
  /**
   * Each `#` takes the next plate character; anything else is printed as is (e.g. `##·#####`). Without one the
   * plate is printed as read.
   */
  format?: string;
  /** Too loose to outrank other templates: it counts only for text that matches no other template. */
  fallback?: boolean;
}

export interface PlateTemplates {
  /** Country code the templates belong to. */
  readonly country: string;
  /** Template names in file order. */
  readonly names: readonly string[];
  /**
   * Name of the first template the whole text matches, trying the templates that are not fallbacks first; null
   * when none matches.
   */
  match(text: string): string | null;
  /** Whether the named template is a fallback. */
  isFallback(templateName: string): boolean;
  /**
   * The text laid out by the template's format. When the template has no format, or the format's `#` count differs
   * from the text's length, the text is returned unchanged, so formatting never drops or invents characters.
   */
  format(text: string, templateName: string): string;
}

export interface TemplateSource {
  code: string;
  /** Class name → the characters it stands for. */
  classes: Record<string, string>;
  templates: TemplateSpec[];
}

/** `<name>` macros; the look-behind leaves named groups `(?<name>…)` and back-references `\k<name>` alone. */
const macro = /(?<!\(\?|\\k)<([A-Za-z][\w-]*)>/g;

/**
 * Compile a country's templates. Errors are LprErrors that name `document` (the country file) and the field.
 */
export function compileTemplates(source: TemplateSource, document = `templates of country ${source.code}`): PlateTemplates {
  const fail = (field: string, problem: string): never => {
    throw new LprError(`invalid ${document}: ${field} ${problem}; fix the file`);
  };
  const compiled = new Map<string, { regex: RegExp; format: string | null; slots: number; fallback: boolean }>();
  source.templates.forEach((spec, i) => {
    if (compiled.has(spec.name)) fail(`templates[${i}].name`, `repeats the template name "${spec.name}"`);
    const expanded = spec.pattern.replace(macro, (_, name: string) => {
      const chars = Object.hasOwn(source.classes, name) ? source.classes[name] : undefined;
      if (chars === undefined) {
        return fail(
          `templates[${i}].pattern`,
          `uses unknown class <${name}>; defined classes: ${Object.keys(source.classes).join(', ') || 'none'}`,
        );
      }
      return `[${chars.replace(/[\\\]\[^-]/g, '\\$&')}]`;
    });
    let regex: RegExp;
    try {
      // Anchored: a template describes the whole plate. `u` so that a class is a set of code points.
      regex = new RegExp(`^(?:${expanded})$`, 'u');
    } catch (err) {
      return fail(`templates[${i}].pattern`, `is not a valid regular expression (${(err as Error).message})`);
    }
    const format = spec.format ?? null;
    const slots = format === null ? 0 : [...format].filter((c) => c === '#').length;
    if (format !== null && slots === 0) fail(`templates[${i}].format`, `has no '#' to place the plate's characters`);
    compiled.set(spec.name, { regex, format, slots, fallback: spec.fallback ?? false });
  });

  const names = [...compiled.keys()];
  // Fallbacks last, each tier in file order.
  const matchOrder = [...compiled].sort(([, a], [, b]) => Number(a.fallback) - Number(b.fallback));
  const get = (templateName: string) => {
    const template = compiled.get(templateName);
    if (!template) {
      throw new LprError(`unknown template "${templateName}" for country ${source.code}; known: ${names.join(', ')}`);
    }
    return template;
  };
  return {
    country: source.code,
    names,
    match(text) {
      for (const [name, template] of matchOrder) if (template.regex.test(text)) return name;
      return null;
    },
    isFallback: (templateName) => get(templateName).fallback,
    format(text, templateName) {
      const template = get(templateName);
      const chars = [...text];
      if (template.format === null || chars.length !== template.slots) return text;
      let next = 0;
      let out = '';
      for (const c of template.format) out += c === '#' ? chars[next++] : c;
      return out;
    },
  };
}
