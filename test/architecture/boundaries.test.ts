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
