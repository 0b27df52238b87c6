// The files `ferry validate` checks: each argument as given, and a folder as the .jsonl files in it and its subfolders,
// taken as the app takes a dropped folder.
import { stat } from 'node:fs/promises'
import { resolve } from 'node:path'
import { asFerryError, FerryError } from '../core/errors'
import { datasetsIn } from '../host/datasets'

export async function expandFolders(args: string[]): Promise<string[]> {
  const out: string[] = []
  for (const arg of args) {
    if (!(await stat(arg).catch(() => null))?.isDirectory()) out.push(arg)
    else {
      // A folder without any is a usage error, as a missing file is.
      const files = await datasetsIn(resolve(arg)).catch((err: unknown) => {
        const e = asFerryError(err)
        throw new FerryError('usage', e.message, { hint: e.hint })
      })
      out.push(...files)
    }
  }
  return out
}
