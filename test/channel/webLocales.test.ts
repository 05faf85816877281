import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sqliteTestDb, type TestDb } from '../helpers/databases';
import { startWebChat, type Running } from './webChatHarness';

type Tree = { [k: string]: string | Tree };
const root = join(__dirname, '..', '..');
const load = (lng: string): Tree => JSON.parse(readFileSync(join(root, 'locales', lng, 'web.json'), 'utf8'));
const flatten = (tree: Tree, prefix = ''): Map<string, string> =>
  new Map(Object.entries(tree).flatMap(([k, v]) => (typeof v === 'string' ? [[prefix + k, v]] : [...flatten(v, `${prefix}${k}.`)])));
const variables = (s: string) => [...s.matchAll(/{{\s*(\w+)\s*}}/g)].map((m) => m[1]).sort();

const nl = flatten(load('nl'));
const en = flatten(load('en'));
/** A translation key left in the output means a text is missing: `page.title`, `privacy.who.body`. */
const LEFTOVER_KEY = /\b(page|progress|composer|person|embed|error|info|privacy|terms)\.[a-zA-Z]+(\.[a-zA-Z]+)*\b/;

describe('the web page texts', () => {
  it('when the Dutch and English files are compared, then they have the same keys and placeholders', () => {
    expect([...en.keys()].sort()).toEqual([...nl.keys()].sort());
    const differ = [...nl.entries()].filter(([k, v]) => variables(v).join() !== variables(en.get(k) ?? '').join()).map(([k]) => k);
    expect(differ).toEqual([]);
  });

  it('when the Dutch texts are read, then they use no officialese and no sentence runs past 20 words', () => {
    const stiff = [...nl.entries()].filter(([, v]) => /\b(dient|derhalve|tijdig|middels|ten behoeve van|indien)\b/i.test(v)).map(([k]) => k);
    const long = [...nl.entries()].flatMap(([k, v]) => v.split(/(?<=[.?!:])\s+/).filter((s) => s.split(/\s+/).length > 20).map((s) => `${k}: ${s}`));
    expect(stiff).toEqual([]);
    expect(long).toEqual([]);
  });

  describe('when every page is rendered in both languages', () => {
    let testDb: TestDb;
    let r: Running;
    beforeAll(async () => {
      testDb = sqliteTestDb();
      r = await startWebChat(await testDb.open());
    });
    afterAll(async () => {
      await r.close();
      await testDb.dispose();
    });

    it.each(['nl', 'en'])('then no text is missing in %s', async (lang) => {
      const paths = [`/?lang=${lang}`, `/?org=so-trainingsbureau&lang=${lang}`, `/?org=sterker&lang=${lang}`, `/privacy?lang=${lang}`, `/terms?lang=${lang}`, `/?lang=${lang}&org=BAD`];
      for (const path of paths) {
        const html = await (await fetch(`${r.url}${path}`)).text();
        const config = /<script type="application\/json" id="kw-config">(.*?)<\/script>/s.exec(html)?.[1];
        const visible = html.replace(/<script type="application\/json" id="kw-config">.*?<\/script>/s, '');
        expect({ path, leftover: LEFTOVER_KEY.exec(visible)?.[0] ?? null }).toEqual({ path, leftover: null });
        if (config) {
          const texts = JSON.parse(config).texts as Record<string, string | Record<string, string>>;
          const values = Object.entries(texts).flatMap(([k, v]) => (typeof v === 'string' ? [[k, v]] : Object.entries(v).map(([h, s]) => [`${k}.${h}`, s])));
          expect(values.filter(([k, v]) => !v || v === k || v.startsWith('composer.'))).toEqual([]);
        }
      }
    });
  });
});
