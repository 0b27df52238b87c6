// Only datasets are read for a page. A path a page names (the browser host's path field, the app's drop, dialog or typed path)
// is taken only when it is a regular, non-empty .jsonl file, or a folder of them — decided from its kind, name and size before
// a byte of it is read — and a file's lines are shown only when it was queued as such, so no page can have Ferry read and
// show /etc/shadow or a device.
import { readdir, stat } from 'node:fs/promises'
import { basename, extname, join, resolve } from 'node:path'
import { FerryError } from '../core/errors'

/** JSON Lines: what fine-tune, batch and evals files are, and what Ferry carries. */
const DATASET_EXTENSION = '.jsonl'

export const isDatasetName = (path: string): boolean => extname(path).toLowerCase() === DATASET_EXTENSION

/** Files as given, each a dataset; a folder stands for the .jsonl files inside it (and its subfolders). */
export async function datasetPaths(paths: string[]): Promise<string[]> {
  const out: string[] = []
  for (const raw of paths) {
    const path = resolve(raw)
    const st = await stat(path).catch(() => null)
    if (!st) throw new FerryError('file_missing', `There is no file at ${path}.`, { hint: 'Check the path and the file name.' })
    if (st.isDirectory()) {
      out.push(...(await datasetsIn(path)))
      continue
    }
    const name = basename(path)
    if (!st.isFile()) throw new FerryError('not_a_dataset', `${name} is not a file saved on disk (it is a device, a pipe or a socket).`, { hint: 'Choose a .jsonl file.' })
    if (!isDatasetName(path)) {
      throw new FerryError('not_a_dataset', `${name} is not a .jsonl file; Ferry uploads JSON Lines datasets only.`, {
        hint: 'Save the data as .jsonl (one JSON object per line), then add that file.'
      })
    }
    if (st.size === 0) throw new FerryError('file_empty', `${name} is empty (0 bytes).`, { hint: 'Choose the file that holds your data, or export it again.' })
    out.push(path)
  }
  return out
}

/** The non-empty .jsonl files in a folder and its subfolders, by path (`ferry validate` takes a folder the same way). */
export async function datasetsIn(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true })
  const candidates = entries.filter((e) => e.isFile() && isDatasetName(e.name)).map((e) => join(e.parentPath, e.name))
  const found: string[] = []
  for (const path of candidates.sort()) if (((await stat(path).catch(() => null))?.size ?? 0) > 0) found.push(path)
  if (found.length === 0) throw new FerryError('no_files', `There are no .jsonl files in ${dir}.`, { hint: 'Choose the folder that holds your data files.' })
  return found
}
