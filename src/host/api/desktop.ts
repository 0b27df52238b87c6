// The verbs only the desktop app can honour: the OS's file dialogs and its file manager. A browser host says so plainly.
import { basename, resolve } from 'node:path'
import type { FerryApi } from '../../shared/api'
import { FerryError } from '../../core/errors'
import { wrap } from './result'

export interface NativeDialogs {
  openFiles(): Promise<string[]>
  savePath(defaultName: string): Promise<string | null>
  reveal(path: string): void
}

type DesktopVerbs = Pick<FerryApi, 'chooseFiles' | 'chooseSavePath' | 'showInFolder'>

/** `mayShow`: only what Ferry saved or was given — a page must not be able to point the file manager anywhere it likes. */
export function desktopVerbs(dialogs: NativeDialogs | undefined, mayShow: (path: string) => boolean): DesktopVerbs {
  const os = (): NativeDialogs => {
    if (!dialogs) throw new FerryError('not_available', 'This needs the desktop app.', { hint: 'Type the path instead.' })
    return dialogs
  }
  return {
    chooseFiles: wrap(async () => ({ paths: await os().openFiles() })),
    chooseSavePath: wrap(async ({ name }) => ({ path: await os().savePath(basename(name)) })),
    showInFolder: wrap(async ({ path }) => {
      const native = os()
      const target = resolve(path)
      if (!mayShow(target)) throw new FerryError('not_allowed', 'Ferry only shows files it saved or was given.', { hint: 'Open the folder yourself.' })
      native.reveal(target)
      return {}
    })
  }
}
