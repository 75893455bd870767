import type { Candidate, PlateRead } from '@lpr/core';
import type { PlateTemplates } from './templates.js';

/**
 * Turn decoder candidates (best first) into a read. With templates, the first candidate that matches a template that
 * is not a fallback wins, even over a likelier candidate that matches none or only a fallback: a plate-shaped string
 * is worth more than a raw probability lead. Only when no candidate matches such a template does the first one that
 * matches a fallback win. When none matches, or `templates` is null (`--no-templates`), the best raw candidate is
 * read with `template: null`. No candidates (an all-zero output) read as the empty string with confidence 0.
 */
export function choosePlate(candidates: Candidate[], templates: PlateTemplates | null): PlateRead {
  let fallback: PlateRead | null = null;
  if (templates) {
    for (const candidate of candidates) {
      const template = templates.match(candidate.plate);
      if (template === null) continue;
      const read = { plate: candidate.plate, confidence: candidate.score, candidates, template };
      if (!templates.isFallback(template)) return read;
      fallback ??= read;
    }
  }
  if (fallback) return fallback;
  const best = candidates[0];
  return { plate: best?.plate ?? '', confidence: best?.score ?? 0, candidates, template: null };
}
