// Where Ferry keeps its data: FERRY_HOME if set, else the desktop app's user-data folder, so the CLI and the app share one queue.
import { chmodSync, mkdirSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'

export function ferryHome(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.FERRY_HOME) return env.FERRY_HOME
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Ferry')
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Ferry')
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'Ferry')
}

/** Creates a folder of Ferry's (FERRY_HOME and those in it) for this user alone: 0700 on POSIX. */
export function makePrivateDir(path: string): void {
  mkdirSync(path, { recursive: true, mode: 0o700 })
}

/** A file of Ferry's written before files were private (0644) becomes 0600; nothing there, or no POSIX modes: nothing to do. */
export function makePrivateFile(path: string): void {
  try {
    chmodSync(path, 0o600)
  } catch {
    // absent, or not ours to change: left as it is
  }
}
