// A provider's file name made safe to save under, and "name (1).jsonl" beside a taken one, on a real folder.
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { freeName, safeFileName } from '../../src/core/local-names'
import { tempDir } from '../helpers'

describe('safeFileName', () => {
  it.each([
    ['train.jsonl', 'train.jsonl'],
    ['.bashrc', 'bashrc'],
    ['..', 'file-1'],
    ['.', 'file-1'],
    ['', 'file-1'],
    ['../../etc/passwd', 'passwd'],
    ['C:\\Users\\me\\data.jsonl', 'data.jsonl'],
    ['dir/', 'file-1'],
    ['a\u0000b\u001bc\u007f\u0085.jsonl', 'abc.jsonl'],
    ['evil\u202egnp.jsonl', 'evilgnp.jsonl'],
    ['  spaced.jsonl. ', 'spaced.jsonl'],
    ['what?<is>:"this"|*.jsonl', 'what__is___this___.jsonl'],
    ['NUL.jsonl', '_NUL.jsonl'],
    ['résumé 数据.jsonl', 'résumé 数据.jsonl']
  ])('%j → %j', (name, safe) => {
    expect(safeFileName(name, 'file-1')).toBe(safe)
  })

  it('keeps a long name under 200 bytes, its extension and whole characters kept', () => {
    const safe = safeFileName(`${'数'.repeat(100)}.jsonl`, 'x')
    expect(Buffer.byteLength(safe)).toBeLessThanOrEqual(200)
    expect(safe).toBe(`${'数'.repeat(64)}.jsonl`)
    expect(safeFileName('y'.repeat(100_000), 'x')).toBe('y'.repeat(200))
  })
})

describe('freeName', () => {
  it('is the name itself when free, else the first free "name (n).ext" beside it', async () => {
    const dir = await tempDir()
    const path = join(dir, 'a.jsonl')
    expect(await freeName(path)).toBe(path)
    await writeFile(path, '')
    await mkdir(join(dir, 'a (1).jsonl'))
    expect(await freeName(path)).toBe(join(dir, 'a (2).jsonl'))
    expect(await freeName(join(dir, 'noext'))).toBe(join(dir, 'noext'))
  })
})
