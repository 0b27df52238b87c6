// The app's settings (UI.md §5) in FERRY_HOME/settings.json: validated on read and on every change, with the documented defaults.
import { z } from 'zod'
import { DEFAULT_SETTINGS, type Settings } from '../shared/api'
import { openStore, type JsonStore, type Quarantined, type StoreFactory } from './stores'

export const SettingsSchema = z.object({
  concurrency: z.number().int().min(1).max(6),
  partSizeMiB: z.number().int().min(8).max(64),
  speedLimit: z.number().int().positive().nullable(),
  autoStart: z.boolean(),
  expiry: z.record(z.string(), z.number().int().positive().nullable()),
  notifications: z.boolean(),
  theme: z.enum(['system', 'light', 'dark']),
  language: z.enum(['en', 'ru'])
}) satisfies z.ZodType<Settings>


/** Stored with defaults filled in, so a settings file from an older version still reads. */
const FileSchema = z.object({ settings: SettingsSchema.partial() })
type SettingsFile = { settings: Partial<Settings> }

export class SettingsStore {
  private constructor(private readonly store: JsonStore<SettingsFile>) {}

  static open(make: StoreFactory, home: string): { settings: SettingsStore; quarantined?: Quarantined } {
    const { store, quarantined } = openStore<SettingsFile>(make, home, 'settings', FileSchema, { settings: {} })
    return { settings: new SettingsStore(store), ...(quarantined ? { quarantined } : {}) }
  }

  get(): Settings {
    return { ...DEFAULT_SETTINGS, ...this.store.get('settings') }
  }

  update(patch: Partial<Settings>): Settings {
    const next = SettingsSchema.parse({ ...this.get(), ...patch })
    this.store.set('settings', next)
    return next
  }
}
