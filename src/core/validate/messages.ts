// English texts of every catalogue code: the message (with {placeholders}) and a fix hint.
// The table lives in src/shared/locale/validation-en.ts so the renderer can render findings from code + params too.
import { VALIDATION_EN, type CodeText, type ValidationCode } from '../../shared/locale/validation-en'
import type { Code } from './codes'

export type { CodeText } from '../../shared/locale/validation-en'

export type MessageTable = Record<Code, CodeText>

// The shared table and the catalogue name the same codes (a compile error otherwise).
type Missing = Exclude<Code, ValidationCode> | Exclude<ValidationCode, Code>
type Assert<T extends true> = T
export type CodesMatchTexts = Assert<[Missing] extends [never] ? true : false>

export const EN: MessageTable = VALIDATION_EN
