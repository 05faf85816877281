// Builds dist/ only when a source changed since the last build: `npm start` and every command
// call this first, so a second start never waits for the compiler.
// The fingerprint covers every file the build reads (path, size, modification time).
'use strict';
const { createHash } = require('node:crypto');
const { existsSync, readFileSync, readdirSync, statSync, writeFileSync } = require('node:fs');
const { join, relative } = require('node:path');
const { spawnSync } = require('node:child_process');

const root = join(__dirname, '..');
const STAMP = join(root, 'dist', '.build-fingerprint');
const INPUTS = ['src', 'dialogs', 'bench', 'tsconfig.json', 'tsconfig.build.json', 'package-lock.json'];

function walk(path, out) {
  const st = statSync(path, { throwIfNoEntry: false });
  if (!st) return;
  if (st.isDirectory()) {
    for (const name of readdirSync(path).sort()) walk(join(path, name), out);
  } else {
    out.push(`${relative(root, path)}:${st.size}:${st.mtimeMs}`);
  }
}

function fingerprint() {
  const parts = [];
  for (const input of INPUTS) walk(join(root, input), parts);
  return createHash('sha256').update(parts.join('\n')).digest('hex');
}

function ensureBuild({ force = false } = {}) {
  const before = fingerprint();
  const built = existsSync(join(root, 'dist', 'src', 'index.js')) && existsSync(STAMP) && readFileSync(STAMP, 'utf8') === before;
  if (built && !force) return false;
  process.stderr.write(built ? 'Building (forced)…\n' : 'Building: sources changed since the last build…\n');
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  const res = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
  if (res.status !== 0) process.exit(res.status ?? 1);
  writeFileSync(STAMP, before);
  return true;
}

module.exports = { ensureBuild };

if (require.main === module) ensureBuild({ force: process.argv.includes('--force') });
