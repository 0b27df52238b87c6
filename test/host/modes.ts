// File modes as `stat` reports them (the tests run as root, so a mode is never proved by failing to read).
import { readdir, stat } from 'node:fs/promises'
import { join } from 'node:path'

/** Every path under `root` (itself included) whose mode is not `0700` for a folder or `0600` for a file. */
export async function notPrivate(root: string): Promise<string[]> {
  const wrong: string[] = []
  const visit = async (path: string): Promise<void> => {
    const st = await stat(path)
    const mode = st.mode & 0o777
    if (st.isDirectory()) {
      if (mode !== 0o700) wrong.push(`${path} ${mode.toString(8)}`)
      for (const name of await readdir(path)) await visit(join(path, name))
    } else if (mode !== 0o600) wrong.push(`${path} ${mode.toString(8)}`)
  }
  await visit(root)
  return wrong
}
