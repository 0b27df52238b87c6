// Evals rows (§4.11): each line wraps its data in "item" (and may carry "sample").
import { isObject, type JsonObject } from '../detect'
import type { RuleContext } from './context'

export function checkEvalsLine(o: JsonObject, ctx: RuleContext): void {
  if (!isObject(o.item)) ctx.sink.add('E_EVALS_MISSING_ITEM')
  for (const k in o) {
    if (k !== 'item' && k !== 'sample') {
      ctx.sink.add('W_EVALS_UNKNOWN_KEY', { key: k })
      break
    }
  }
}
