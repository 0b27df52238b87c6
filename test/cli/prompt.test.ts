// The hidden key prompt: echoes nothing of the key, handles backspace and Enter, gives up on Ctrl-C, restores the terminal.
import { PassThrough } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { canPrompt, promptHidden } from '../../src/cli/prompt'

function fakeTerminal() {
  const input = Object.assign(new PassThrough(), { isTTY: true, isRaw: false, setRawMode(mode: boolean) { input.isRaw = mode } })
  const output = new PassThrough()
  let shown = ''
  output.on('data', (d: Buffer) => (shown += d.toString()))
  return { input, output, shown: () => shown }
}

describe('promptHidden', () => {
  it('reads the key without echoing it, with backspace, and puts the terminal back', async () => {
    const t = fakeTerminal()
    const answer = promptHidden('API key: ', t.input, t.output)
    expect(t.input.isRaw).toBe(true)
    t.input.write('sk-secrx')
    t.input.write('\u007fet-42\r')
    expect(await answer).toBe('sk-secret-42')
    expect(t.shown()).toBe('API key: \n')
    expect(t.input.isRaw).toBe(false)
  })

  it('stops on Ctrl-C with a plain message', async () => {
    const t = fakeTerminal()
    const answer = promptHidden('API key: ', t.input, t.output)
    t.input.write('sk-\u0003')
    await expect(answer).rejects.toMatchObject({ code: 'aborted' })
  })

  it('only asks when a person is at a terminal', () => {
    expect(canPrompt({ isTTY: true } as never, { isTTY: true })).toBe(true)
    expect(canPrompt({ isTTY: false } as never, { isTTY: true })).toBe(false)
  })
})
