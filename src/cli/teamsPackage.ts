import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { readEnvironment } from '../config/envFile';
import { buildTeamsPackage } from '../infra/teams/teamsPackage';

/** `npm run teams:package [-- --out path.zip]`: validates the manifest offline and writes the app zip. */
async function main(): Promise<void> {
  const outAt = process.argv.indexOf('--out');
  const out = resolve(outAt > 0 ? process.argv[outAt + 1] : 'dist/teams/klachtwijzer-teams.zip');
  const { zip, manifest } = await buildTeamsPackage(readEnvironment(process.env));
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, zip);
  process.stdout.write(`Teams app package written: ${out}\n  app id ${manifest.id}, bot ${manifest.bots[0].botId}, version ${manifest.version}\n`);
}

main().catch((err: Error) => {
  process.stderr.write(`${err.message}\n`);
  process.exit(1);
});
