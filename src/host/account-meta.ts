// What the app keeps about accounts besides their connection details (which live in the shared AccountStore): the active
// account, each one's chip colour and its last connection test. FERRY_HOME/account-details.json.
import { z } from 'zod'
import { openStore, type JsonStore, type Quarantined, type StoreFactory } from './stores'

const LastTestSchema = z.object({ ok: z.boolean(), at: z.number(), message: z.string() })
const MetaSchema = z.object({
  activeId: z.string().nullable(),
  chips: z.record(z.string(), z.number().int().min(0).max(7)),
  lastTests: z.record(z.string(), LastTestSchema)
})
type Meta = z.infer<typeof MetaSchema>
export type LastTest = z.infer<typeof LastTestSchema>

export class AccountMeta {
  private constructor(private readonly store: JsonStore<Meta>) {}

  static open(make: StoreFactory, home: string): { meta: AccountMeta; quarantined?: Quarantined } {
    const { store, quarantined } = openStore<Meta>(make, home, 'account-details', MetaSchema, { activeId: null, chips: {}, lastTests: {} })
    return { meta: new AccountMeta(store), ...(quarantined ? { quarantined } : {}) }
  }

  get activeId(): string | null {
    return this.store.get('activeId')
  }
  setActive(id: string | null): void {
    this.store.set('activeId', id)
  }

  chip(id: string): number | undefined {
    return this.store.get('chips')[id]
  }
  /** The first of the 8 colours no other account uses (UI.md §5). */
  assignChip(id: string, taken: string[]): number {
    const chips = this.store.get('chips')
    const used = new Set(taken.map((t) => chips[t]).filter((c): c is number => c !== undefined))
    const color = [0, 1, 2, 3, 4, 5, 6, 7].find((c) => !used.has(c)) ?? taken.length % 8
    this.store.set('chips', { ...chips, [id]: color })
    return color
  }

  lastTest(id: string): LastTest | undefined {
    return this.store.get('lastTests')[id]
  }
  setLastTest(id: string, test: LastTest): void {
    this.store.set('lastTests', { ...this.store.get('lastTests'), [id]: test })
  }

  /** A new key (or address) has not been tested: "Not checked yet" until it is. */
  clearLastTest(id: string): void {
    const { [id]: _t, ...lastTests } = this.store.get('lastTests')
    this.store.set('lastTests', lastTests)
  }

  forget(id: string): void {
    const { [id]: _c, ...chips } = this.store.get('chips')
    const { [id]: _t, ...lastTests } = this.store.get('lastTests')
    this.store.set('chips', chips)
    this.store.set('lastTests', lastTests)
    if (this.activeId === id) this.setActive(null)
  }
}
