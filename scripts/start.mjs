// `npm start`: builds Ferry and opens the desktop app. Where a window cannot open (no display) or Electron's binary cannot be
// downloaded (offline, a proxy, a locked-down machine), it says so in plain words and runs the command-line try-it-now instead.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'

const DOWNLOAD_TIMEOUT_MS = 20_000
const run = (cmd, args, opts = {}) => spawnSync(cmd, args, { stdio: 'inherit', shell: process.platform === 'win32', ...opts })

if (run('npm', ['run', '-s', 'build']).status !== 0) process.exit(1)

const headless = process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY
if (headless) fallback('There is no display here, so the desktop window cannot open.')
else if (!electronBinaryReady()) fallback('The Electron runtime could not be downloaded (no connection to its download site within 20 s).')
else {
  const child = spawn('npx', ['electron-vite', 'preview'], { stdio: 'inherit', shell: process.platform === 'win32' })
  child.on('exit', (code) => process.exit(code ?? 0))
}

function electronBinaryReady() {
  const require = createRequire(import.meta.url)
  const dir = require.resolve('electron/package.json').replace(/package\.json$/, '')
  if (existsSync(`${dir}path.txt`)) return true
  const r = spawnSync(process.execPath, [`${dir}install.js`], { stdio: 'ignore', timeout: DOWNLOAD_TIMEOUT_MS })
  return r.status === 0 && existsSync(`${dir}path.txt`)
}

function fallback(why) {
  console.log(`${why}\nRunning the command-line version against the built-in sandbox instead (the same engine; see README).`)
  console.log('For the full interface in your browser instead, run `npm run web` and open the address it prints.\n')
  const ferry = (args) => run(process.execPath, ['bin/ferry.mjs', ...args]).status ?? 1
  const status = ferry(['upload', 'resources/samples/train-sample.jsonl', '--purpose', 'fine-tune', '--provider', 'sandbox']) || ferry(['files', 'ls', '--provider', 'sandbox'])
  process.exit(status)
}
