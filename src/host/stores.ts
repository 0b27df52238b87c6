// Opens a small JSON store (settings, account details) so that a damaged file is moved aside intact and reported, never wiped
// and never a crash. The same code serves electron-store in the app and `conf` in the web host: one file format.
import Conf from 'conf'
import { existsSync, renameSync } from 'node:fs'
import { join } from 'node:path'
import type { z } from 'zod'
import { makePrivateDir, makePrivateFile } from '../core/home'

/** The store's get/set surface that both `conf` and electron-store provide. */
export interface JsonStore<T extends Record<string, unknown>> {
  get<K extends keyof T>(key: K): T[K]
  set<K extends keyof T>(key: K, value: T[K]): void
  readonly store: T
}

/** Builds the store object: `conf` here and in the web host, electron-store in the app, its file 0600. Throws on a file it cannot parse. */
export type StoreFactory = <T extends Record<string, unknown>>(options: { cwd: string; name: string; defaults: T }) => JsonStore<T>

export const confFactory: StoreFactory = <T extends Record<string, unknown>>({ cwd, name, defaults }: { cwd: string; name: string; defaults: T }) =>
  new Conf<T>({ cwd, configName: name, projectName: 'ferry', defaults: defaults as never, accessPropertiesByDotNotation: false, configFileMode: 0o600 }) as unknown as JsonStore<T>

export interface Quarantined {
  file: string
  movedTo: string
}

export function openStore<T extends Record<string, unknown>>(
  make: StoreFactory,
  home: string,
  name: string,
  schema: z.ZodType<T>,
  defaults: T
): { store: JsonStore<T>; quarantined?: Quarantined } {
  const file = join(home, `${name}.json`)
  // The store's folder is created here, private, before the store would create it with the default mode.
  makePrivateDir(home)
  makePrivateFile(file)
  try {
    const store = make<T>({ cwd: home, name, defaults })
    if (!schema.safeParse(store.store).success) throw new SyntaxError(`${name} is not valid`)
    return { store }
  } catch (err) {
    if (!existsSync(file)) throw err
    const movedTo = `${file}.damaged-${new Date().toISOString().replace(/[:.]/g, '-')}`
    renameSync(file, movedTo)
    return { store: make<T>({ cwd: home, name, defaults }), quarantined: { file, movedTo } }
  }
}
