// The accounts verbs of FerryApi: add, edit, remove, switch, test. A changed key gives the account's waiting jobs another go.
import type { FerryApi } from '../../shared/api'
import type { Queue } from '../../core/jobs/queue'
import type { Accounts } from '../accounts'
import { wrap } from './result'

type AccountVerbs = Pick<FerryApi, 'addAccount' | 'updateAccount' | 'removeAccount' | 'setActiveAccount' | 'testAccount'>

export function accountVerbs(accounts: Accounts, queue: Queue, changed: () => Promise<void>): AccountVerbs {
  return {
    addAccount: wrap(async (input) => {
      const account = await accounts.add(input)
      await changed()
      return accounts.view(account)
    }),
    updateAccount: wrap(async ({ id, patch }) => {
      const { account, keyChanged } = await accounts.update(id, patch)
      queue.forgetEndpoint(id)
      if (keyChanged) await queue.command({ verb: 'retryAccount', accountId: id })
      await changed()
      return accounts.view(account)
    }),
    removeAccount: wrap(async ({ id }) => {
      await accounts.remove(id)
      await changed()
      return { removed: id }
    }),
    setActiveAccount: wrap(async ({ id }) => {
      accounts.setActive(id)
      await changed()
      return { activeAccountId: id }
    }),
    testAccount: wrap(async ({ id }) => {
      try {
        return await accounts.test(id)
      } finally {
        await changed()
      }
    })
  }
}
