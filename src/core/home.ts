// Where Ferry keeps its data: FERRY_HOME if set, else the desktop app's user-data folder, so the CLI and the app share one queue.
import { homedir } from 'node:os'
import { join } from 'node:path'

export function ferryHome(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.FERRY_HOME) return env.FERRY_HOME
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Ferry')
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Ferry')
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'Ferry')
}
