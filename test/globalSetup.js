// Tests that start the real server or a command as a child process run the compiled output.
// Build it once here, so parallel test files never race to write dist/. Type errors do not stop
// the emit; `npm test` reports them through its own `tsc --noEmit` first.
const { spawnSync } = require('node:child_process');
const { join } = require('node:path');

module.exports = async function globalSetup() {
  const root = join(__dirname, '..');
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  const res = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: root, encoding: 'utf8' });
  if (res.error) throw res.error;
};
