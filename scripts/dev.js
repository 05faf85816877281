// `npm run dev`: the compiler in watch mode and the bot, restarted by Node whenever the build
// output, the texts (locales/) or the page (public/) change.
'use strict';
const { spawn } = require('node:child_process');
const { join } = require('node:path');
const { ensureBuild } = require('./build');

const root = join(__dirname, '..');
ensureBuild();
const tsc = spawn(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json', '--watch', '--preserveWatchOutput'], { cwd: root, stdio: 'inherit' });
const bot = spawn(
  process.execPath,
  ['--watch-path=dist/src', '--watch-path=dist/dialogs', '--watch-path=locales', '--watch-path=public', join('dist', 'src', 'index.js')],
  { cwd: root, stdio: 'inherit' },
);
const stop = () => {
  tsc.kill();
  bot.kill();
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
bot.on('exit', (code) => {
  tsc.kill();
  process.exit(code ?? 0);
});
