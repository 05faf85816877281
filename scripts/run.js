// `node scripts/run.js <file in dist/> [args...]`: builds only when a source changed since the last
// build, then runs the compiled file with V8's compile cache on disk (the libraries load faster
// from the second start on). `npm start` and every command use it. Signals are passed on, and the
// exit code is the program's own.
'use strict';
const { spawn } = require('node:child_process');
const { join } = require('node:path');
const { ensureBuild } = require('./build');

const root = join(__dirname, '..');
const [target, ...args] = process.argv.slice(2);
if (!target) {
  process.stderr.write('Usage: node scripts/run.js <dist file> [args...]\n');
  process.exit(1);
}
ensureBuild();
const child = spawn(process.execPath, [join(root, target), ...args], {
  stdio: 'inherit',
  env: { NODE_COMPILE_CACHE: join(root, 'dist', '.compile-cache'), ...process.env },
});
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
