import { AppManifestUtils } from '@microsoft/app-manifest';
import AdmZip from 'adm-zip';
import { parseEnv } from '../../src/config/env';
import { buildTeamsPackage, pngSize, validateManifest } from '../../src/infra/teams/teamsPackage';

const APP_ID = '6f1c2b7e-1d3a-4c5b-9e8f-0a1b2c3d4e5f';
const env = (extra: Record<string, string> = {}) =>
  parseEnv({
    MicrosoftAppId: APP_ID,
    PUBLIC_URL: 'https://klachtwijzer.example.org/',
    PRIVACY_URL: 'https://example.org/privacyverklaring',
    TERMS_URL: 'https://example.org/gebruiksvoorwaarden',
    ...extra,
  });

describe('Teams app package', () => {
  it('when packaged, then the zip holds a schema-valid manifest and both icons at its root', async () => {
    const { zip } = await buildTeamsPackage(env());
    const entries = new AdmZip(zip).getEntries();
    expect(entries.map((e) => e.entryName).sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
    const read = (n: string) => entries.find((e) => e.entryName === n)!.getData();
    const manifest = JSON.parse(read('manifest.json').toString('utf8'));
    expect(await AppManifestUtils.validateAgainstSchema(manifest)).toEqual([]);
    expect(pngSize(read('color.png'))).toEqual({ width: 192, height: 192 });
    expect(pngSize(read('outline.png'))).toEqual({ width: 32, height: 32 });
  });

  it('when packaged, then placeholders are filled from the environment, privacy and terms the right way round', async () => {
    const { manifest } = await buildTeamsPackage(env());
    expect(manifest.manifestVersion).toBe('1.25');
    expect(manifest.bots[0].botId).toBe(APP_ID);
    expect(manifest.id).toBe(APP_ID);
    expect(manifest.developer.privacyUrl).toBe('https://example.org/privacyverklaring');
    expect(manifest.developer.termsOfUseUrl).toBe('https://example.org/gebruiksvoorwaarden');
    expect(manifest.developer.websiteUrl).toBe('https://klachtwijzer.example.org');
    expect(manifest.validDomains).toEqual(['klachtwijzer.example.org']);
    expect(JSON.stringify(manifest)).not.toContain('${{');
  });

  it('when no privacy or terms URL is set, then the bot\'s own pages are named', async () => {
    const { manifest } = await buildTeamsPackage(env({ PRIVACY_URL: '', TERMS_URL: '' }));
    expect(manifest.developer.privacyUrl).toBe('https://klachtwijzer.example.org/privacy');
    expect(manifest.developer.termsOfUseUrl).toBe('https://klachtwijzer.example.org/terms');
  });

  it('when a separate Teams app id is set, then the app id differs from the bot id', async () => {
    const other = '11111111-2222-4333-8444-555555555555';
    const { manifest } = await buildTeamsPackage(env({ TEAMS_APP_ID: other }));
    expect(manifest.id).toBe(other);
    expect(manifest.bots[0].botId).toBe(APP_ID);
  });

  it('when the bot has no app id or no https address, then packaging fails naming both', async () => {
    await expect(buildTeamsPackage(parseEnv({ PUBLIC_URL: 'http://localhost:3978' }))).rejects.toThrow(/MicrosoftAppId[\s\S]*PUBLIC_URL/);
  });

  it('when a manifest is broken, then validation names each problem', async () => {
    const { manifest } = await buildTeamsPackage(env());
    const broken = { ...manifest, version: 'one', bots: [{ scopes: ['personal'] }] };
    delete (broken as Record<string, unknown>).icons;
    const problems = await validateManifest(broken, {});
    expect(problems.join('\n')).toMatch(/icons/);
    expect(problems.join('\n')).toMatch(/botId/);
    expect(problems.join('\n')).toMatch(/semver/);
    expect(problems.join('\n')).toMatch(/color\.png is missing/);
  });
});
