// A host process outlives any one job: a rejection nobody planned for is written down in plain words (never a stack, never
// a key: the error's own message is already redacted) and the process goes on serving; each job fails on its own errors.
import { asFerryError } from '../core/errors'

export function keepRunning(write: (line: string) => void = (line) => process.stderr.write(line + '\n')): void {
  process.on('unhandledRejection', (reason) => write(`Ferry hit an unexpected problem and carried on: ${asFerryError(reason).message}`))
}
