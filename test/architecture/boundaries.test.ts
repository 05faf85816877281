import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = join(__dirname, '..', '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? sourceFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|require\(\s*['"]([^'"]+)['"]\s*\)|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map(
    (m) => m[1] ?? m[2] ?? m[3],
  );
}

const FORBIDDEN_IN_DOMAIN = /^(botbuilder|botframework|restify|nodemailer|i18next|pino|pg|better-sqlite3|fs|path|node:|child_process|http|https|net)/;

describe('dependency direction', () => {
  it('when domain code imports, then never the Bot Framework, restify, mail, i18n, databases or the file system', () => {
    const offenders = sourceFiles(join(root, 'src', 'domain')).flatMap((file) =>
      imports(file)
        .filter((spec) => FORBIDDEN_IN_DOMAIN.test(spec) || spec.includes('/infra/') || spec.includes('/channel/') || spec.includes('/app/'))
        .map((spec) => `${relative(root, file)} imports ${spec}`),
    );
    expect(offenders).toEqual([]);
  });

  it('when app code imports, then never a channel or the dialogs', () => {
    const offenders = sourceFiles(join(root, 'src', 'app')).flatMap((file) =>
      imports(file)
        .filter((spec) => /^(botbuilder|restify)/.test(spec) || spec.includes('/channel/') || spec.includes('dialogs/'))
        .map((spec) => `${relative(root, file)} imports ${spec}`),
    );
    expect(offenders).toEqual([]);
  });
});

/**
 * The Bot Framework SDK is archived; the road to its successor (docs/decisions/0001-agents-sdk.md)
 * stays short only while the SDK is used in these few places: the channel, the dialogs, the
 * composition root, the one storage adapter and the echo bot of the bench.
 */
const SDK = /^(botbuilder|botframework)/;
const SDK_ALLOWED = [/^src\/channel\//, /^dialogs\//, /^src\/createApp\.ts$/, /^src\/infra\/state\/sqlStorage\.ts$/, /^bench\/lib\/echoServer\.ts$/];

describe('the Bot Framework SDK boundary', () => {
  const sdkImports = ['src', 'dialogs', 'bench'].flatMap((dir) =>
    sourceFiles(join(root, dir)).flatMap((file) =>
      imports(file)
        .filter((spec) => SDK.test(spec))
        .map((spec) => ({ file: relative(root, file).split('\\').join('/'), spec })),
    ),
  );

  it('when product or bench code imports botbuilder or botframework, then only inside the channel, the dialogs, the composition root, the storage adapter or the echo bot', () => {
    const outside = sdkImports.filter(({ file }) => !SDK_ALLOWED.some((allowed) => allowed.test(file))).map(({ file, spec }) => `${file} imports ${spec}`);
    expect(outside).toEqual([]);
  });

  it('when the imports are read, then the SDK is found where it is used (so the check above can fail)', () => {
    const files = new Set(sdkImports.map(({ file }) => file));
    for (const known of ['src/createApp.ts', 'src/infra/state/sqlStorage.ts', 'bench/lib/echoServer.ts', 'src/channel/directline/inProcessBot.ts', 'dialogs/rootDialog.ts']) {
      expect(files).toContain(known);
    }
  });

  /** Members of botbuilder that are protected or private in its types, which the code once reached by a cast. */
  const NOT_PUBLIC = [/\bprocessActivity\b(?!Direct)/, /\bstateKey\b/, /\bcalculateChangeHash\b/, /\bprocessTurnResults\b/];
  const code = (file: string) =>
    readFileSync(file, 'utf8')
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/\/\/.*$/gm, '')
      .replace(/'[^'\n]*'|`[^`]*`/g, "''");

  it('when the code runs a turn or keeps conversation state, then only through public SDK members (the names are read outside comments and strings)', () => {
    const offenders = ['src', 'dialogs'].flatMap((dir) =>
      sourceFiles(join(root, dir)).flatMap((file) => NOT_PUBLIC.filter((re) => re.test(code(file))).map((re) => `${relative(root, file)} uses ${re.source}`)),
    );
    expect(offenders).toEqual([]);
    // The check can fail: the old cast is found.
    expect(NOT_PUBLIC.some((re) => re.test(code(join(root, 'test', 'architecture', 'fixtures', 'protectedCall.ts.txt'))))).toBe(true);
  });
});
