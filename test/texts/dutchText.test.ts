import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { summariseProcedure } from '../../src/app/explainProcedure';
import { tFor } from '../../src/infra/i18n/i18n';
import { loadProcedures } from '../../src/infra/procedures/loadProcedures';

/**
 * Plain Dutch (B1): short sentences. Every Dutch text a person reads (locales/nl, except the phrase
 * lists the bot recognises) and the complainant's short `regeling` keep an average sentence length
 * of at most 10 words, and no sentence over 20 words.
 */
const root = join(__dirname, '..', '..');
const NOT_READ = new Set(['intents.json']);

function strings(value: unknown, path: string): Array<[string, string]> {
  if (typeof value === 'string') return [[path, value]];
  if (Array.isArray(value)) return value.flatMap((v, i) => strings(v, `${path}[${i}]`));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => strings(v, path ? `${path}.${k}` : k));
  return [];
}

/** Sentences: split at . ? ! ; and : before a new line, and at line breaks (list items, headings). */
export function sentences(text: string): string[] {
  return text
    .replace(/\{\{[^}]+\}\}/g, 'X')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/https?:\/\/\S+/g, 'X')
    .split(/\n+|(?<=[.?!])\s+|(?<=:)\s*\n/)
    .map((s) => s.trim())
    .filter((s) => words(s) > 0);
}

export const words = (sentence: string): number => sentence.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;

function check(texts: Array<[string, string]>): { average: number; long: string[] } {
  const all = texts.flatMap(([where, text]) => sentences(text).map((s) => [where, s] as const));
  const average = all.reduce((n, [, s]) => n + words(s), 0) / all.length;
  const long = all.filter(([, s]) => words(s) > 20).map(([where, s]) => `${where}: ${s} (${words(s)})`);
  return { average, long };
}

describe('plain Dutch', () => {
  const files = readdirSync(join(root, 'locales', 'nl')).filter((f) => f.endsWith('.json') && !NOT_READ.has(f));

  it.each(files)('when locales/nl/%s is read, then sentences average at most 10 words and none has more than 20', (file) => {
    const texts = strings(JSON.parse(readFileSync(join(root, 'locales', 'nl', file), 'utf8')), file);
    const { average, long } = check(texts);
    expect(long).toEqual([]);
    expect(average).toBeLessThanOrEqual(10);
  });

  it('when a complainant reads the short regeling of any organisation, then its sentences average at most 10 words and none has more than 20', () => {
    const t = tFor('nl', 'procedure');
    const texts = loadProcedures()
      .list()
      .map((p) => [p.id, summariseProcedure(p, t, 'nl', '2026-03-10')] as [string, string]);
    const { average, long } = check(texts);
    expect(long).toEqual([]);
    expect(average).toBeLessThanOrEqual(10);
  });

  it('when a sentence is counted, then links, placeholders and list items are read as a person reads them', () => {
    expect(sentences('Bel [112](tel:112). Of:\n- **Veilig Thuis**: {{phone}}')).toEqual(['Bel 112.', 'Of:', '- **Veilig Thuis**: X']);
    expect(words('Bel 112.')).toBe(2);
  });
});
