// The verbs only the desktop app can honour: the OS's file dialogs and its file manager. A browser host says so plainly.
import { safeFileName } from '../../core/local-names'
import { resolve } from 'node:path'
import type { FerryApi } from '../../shared/api'
import { FerryError } from '../../core/errors'
import { wrap } from './result'

export interface NativeDialogs {
  openFiles(): Promise<string[]>
  savePath(defaultName: string): Promise<string | null>
  reveal(path: string): void
}

type DesktopVerbs = Pick<FerryApi, 'chooseFiles' | 'chooseSavePath' | 'showInFolder'>

/**
 * `mayShow`: only what Ferry saved or was given — a page must not be able to point the file manager anywhere it likes.
 * `chosen`: where the person chose to save in the save dialog, the only places the app downloads to (`onlyWhereChosen`).
 */
export function desktopVerbs(dialogs: NativeDialogs | undefined, mayShow: (path: string) => boolean, chosen: Set<string>): DesktopVerbs {
  const os = (): NativeDialogs => {
    if (!dialogs) throw new FerryError('not_available', 'This needs the desktop app.', { hint: 'Type the path instead.' })
    return dialogs
  }
  return {
    chooseFiles: wrap(async () => ({ paths: await os().openFiles() })),
    chooseSavePath: wrap(async ({ name }) => {
      // The provider's name as a safe local one: a remote `.bashrc` or `../x` is never offered as given.
      const path = await os().savePath(safeFileName(name, 'download.jsonl'))
      if (path) chosen.add(resolve(path))
      return { path }
    }),
    showInFolder: wrap(async ({ path }) => {
      const native = os()
      const target = resolve(path)
      if (!mayShow(target)) throw new FerryError('not_allowed', 'Ferry only shows files it saved or was given.', { hint: 'Open the folder yourself.' })
      native.reveal(target)
      return {}
    })
  }
}

/** In the app, a download is written only where the person chose in the save dialog: a page cannot name a file to overwrite. */
export function onlyWhereChosen(chosen: Set<string>, downloadFile: FerryApi['downloadFile']): FerryApi['downloadFile'] {
  const refuse = wrap(async () => {
    throw new FerryError('not_allowed', 'Ferry saves a download only where you chose in the save dialog.', { hint: 'Choose Download again and pick the place.' })
  })
  return (input) => (chosen.has(resolve(input.destPath)) ? downloadFile(input) : refuse())
}
