// `npm run dev`: the compiler in watch mode and the bot, restarted whenever the build output, the
// texts (locales/) or the page (public/) change. A restart waits until the old bot has stopped, so
// the port is free again.
'use strict';
const { spawn } = require('node:child_process');
const { watch } = require('node:fs');
const { join } = require('node:path');
const { ensureBuild } = require('./build');

const root = join(__dirname, '..');
ensureBuild();
const tsc = spawn(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json', '--watch', '--preserveWatchOutput'], { cwd: root, stdio: 'inherit' });

let bot;
let stopping = false;
let restarting = false;
function start() {
  bot = spawn(process.execPath, [join(root, 'dist', 'src', 'index.js')], { cwd: root, stdio: 'inherit' });
}
function restart() {
  if (restarting) return; // the old bot is still stopping; the new one starts when it has
  const old = bot;
  if (!old || old.exitCode !== null || old.signalCode !== null) return start();
  restarting = true;
  old.once('exit', () => {
    restarting = false;
    if (!stopping) start();
  });
  old.kill('SIGTERM');
}

let timer;
for (const dir of ['dist/src', 'dist/dialogs', 'locales', 'public']) {
  watch(join(root, dir), { recursive: true }, (_event, file) => {
    if (file && /\.(js|json|html|css)$/.test(file)) {
      clearTimeout(timer);
      timer = setTimeout(() => {
        process.stdout.write(`\nChanged: ${dir}/${file}. Restarting the bot…\n`);
        restart();
      }, 400);
    }
  });
}
start();

const stop = () => {
  stopping = true;
  tsc.kill();
  bot?.kill('SIGTERM');
  setTimeout(() => process.exit(0), 500).unref();
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
