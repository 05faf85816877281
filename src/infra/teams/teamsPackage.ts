import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppManifestUtils } from '@microsoft/app-manifest';
import AdmZip from 'adm-zip';
import type { Env } from '../../config/env';
import { projectRoot } from '../projectRoot';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ICONS = { 'color.png': 192, 'outline.png': 32 } as const;

export class TeamsPackageError extends Error {
  constructor(readonly problems: string[]) {
    super(`The Teams app cannot be packaged:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** The values that fill the manifest's `${{NAME}}` placeholders, from the environment. */
export function manifestValues(env: Env, version: string): Record<string, string> {
  const problems: string[] = [];
  if (!env.MicrosoftAppId || !GUID.test(env.MicrosoftAppId)) problems.push('MicrosoftAppId must be the bot\'s Azure app id (a GUID).');
  if (!env.PUBLIC_URL?.startsWith('https://')) problems.push('PUBLIC_URL must be the public https:// address of the bot.');
  if (problems.length) throw new TeamsPackageError(problems);
  const publicUrl = env.PUBLIC_URL!.replace(/\/+$/, '');
  return {
    APP_VERSION: version,
    TEAMS_APP_ID: env.TEAMS_APP_ID ?? env.MicrosoftAppId!,
    MicrosoftAppId: env.MicrosoftAppId!,
    TEAMS_APP_NAME: env.TEAMS_APP_NAME,
    TEAMS_DEVELOPER_NAME: env.TEAMS_DEVELOPER_NAME,
    PUBLIC_URL: publicUrl,
    PUBLIC_HOST: new URL(publicUrl).host,
    // The bot serves its own privacy statement and terms when a deployment names none.
    PRIVACY_URL: env.PRIVACY_URL ?? `${publicUrl}/privacy`,
    TERMS_URL: env.TERMS_URL ?? `${publicUrl}/terms`,
  };
}

/** Replaces every `${{NAME}}`; a placeholder without a value is an error, never left in. */
export function fillTemplate(template: string, values: Record<string, string>): unknown {
  const missing = new Set<string>();
  const filled = template.replace(/\$\{\{([A-Za-z_]+)\}\}/g, (_m, name: string) => {
    if (!(name in values)) missing.add(name);
    return JSON.stringify(values[name] ?? '').slice(1, -1);
  });
  if (missing.size) throw new TeamsPackageError([...missing].map((n) => `no value for placeholder ${n}`));
  return JSON.parse(filled);
}

export function pngSize(png: Buffer): { width: number; height: number } {
  if (png.subarray(1, 4).toString('ascii') !== 'PNG') throw new TeamsPackageError(['icon is not a PNG']);
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

/** Offline validation: the bundled Teams JSON schema, plus what the schema does not check. */
export async function validateManifest(manifest: Record<string, any>, files: Record<string, Buffer>): Promise<string[]> {
  const problems = await AppManifestUtils.validateAgainstSchema(manifest as never);
  if (!/^\d+\.\d+\.\d+$/.test(String(manifest.version))) problems.push(`version "${manifest.version}" is not semver (1.2.3)`);
  if (!GUID.test(String(manifest.id))) problems.push('id must be a GUID');
  for (const [name, size] of Object.entries(ICONS)) {
    const file = files[name];
    if (!file) problems.push(`${name} is missing`);
    else {
      const { width, height } = pngSize(file);
      if (width !== size || height !== size) problems.push(`${name} must be ${size}x${size}, is ${width}x${height}`);
    }
  }
  return problems;
}

/** Builds the app package (manifest.json, color.png, outline.png at the zip's root). */
export async function buildTeamsPackage(env: Env): Promise<{ zip: Buffer; manifest: Record<string, any> }> {
  const root = projectRoot();
  const version = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version as string;
  const template = readFileSync(join(root, 'manifest', 'manifest.template.json'), 'utf8');
  const manifest = fillTemplate(template, manifestValues(env, version)) as Record<string, any>;
  const files: Record<string, Buffer> = Object.fromEntries(Object.keys(ICONS).map((n) => [n, readFileSync(join(root, 'manifest', n))]));
  const problems = await validateManifest(manifest, files);
  if (problems.length) throw new TeamsPackageError(problems);
  const zip = new AdmZip();
  zip.addFile('manifest.json', Buffer.from(JSON.stringify(manifest, null, 2)));
  for (const [name, data] of Object.entries(files)) zip.addFile(name, data);
  return { zip: zip.toBuffer(), manifest };
}
