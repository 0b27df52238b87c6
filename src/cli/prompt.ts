// Asks a person at a terminal for a secret without showing it as they type (the API key, when no keychain or
// FERRY_API_KEY has it).
import { FerryError } from '../core/errors'

interface TtyInput extends NodeJS.ReadableStream {
  isTTY?: boolean
  isRaw?: boolean
  setRawMode?(mode: boolean): unknown
}

/** True when there is a person at the terminal to ask. */
export const canPrompt = (input: TtyInput = process.stdin, output: { isTTY?: boolean } = process.stderr): boolean =>
  input.isTTY === true && output.isTTY === true

export function promptHidden(question: string, input: TtyInput = process.stdin, output: NodeJS.WritableStream = process.stderr): Promise<string> {
  return new Promise((resolve, reject) => {
    const wasRaw = input.isRaw === true
    let value = ''
    const finish = (): void => {
      input.off('data', onData)
      input.setRawMode?.(wasRaw)
      input.pause()
      output.write('\n')
    }
    const onData = (chunk: Buffer | string): void => {
      for (const ch of chunk.toString()) {
        if (ch === '\r' || ch === '\n') {
          finish()
          return resolve(value.trim())
        }
        if (ch === '\u0003' || ch === '\u0004') {
          finish()
          return reject(new FerryError('aborted', 'Stopped: no key was given.', { hint: 'Set FERRY_API_KEY, or run the command again.' }))
        }
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1)
        else if (ch >= ' ') value += ch
      }
    }
    output.write(question)
    input.setRawMode?.(true)
    input.on('data', onData)
    input.resume()
  })
}
