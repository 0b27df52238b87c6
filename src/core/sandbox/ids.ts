// Random object ids in OpenAI's shapes: `file-<24 alnum>`, `upload_<…>`, `part_<…>`, `req_<…>`.
import { randomInt } from 'node:crypto'

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'

export function randomAlnum(length: number): string {
  let out = ''
  for (let i = 0; i < length; i++) out += ALNUM[randomInt(ALNUM.length)]
  return out
}

export const newFileId = (): string => `file-${randomAlnum(24)}`
export const newUploadId = (): string => `upload_${randomAlnum(24)}`
export const newPartId = (): string => `part_${randomAlnum(24)}`
export const newRequestId = (): string => `req_${randomAlnum(32)}`

/** Ids become file names, so anything but these shapes is refused before touching the disk. */
export const isSafeId = (id: string): boolean => /^[A-Za-z0-9_-]{1,64}$/.test(id)
