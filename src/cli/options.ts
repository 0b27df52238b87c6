// Option parsers shared by the commands: each refuses a bad value with a usage error (exit 2).
import { InvalidArgumentError, type Command } from 'commander'

export function positiveNumber(label: string) {
  return (value: string): number => {
    const n = Number(value)
    if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`${label} must be a number above 0`)
    return n
  }
}

export function positiveInt(label: string) {
  return (value: string): number => {
    const n = Number(value)
    if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError(`${label} must be a whole number above 0`)
    return n
  }
}

/** --account, or --provider with its connection options. */
export function targetOptions(cmd: Command): Command {
  return cmd
    .option('--account <name>', 'a saved account (see ferry accounts ls)')
    .option('--provider <id>', 'openai | netmind | yandex | azure | compatible | sandbox (key from FERRY_API_KEY)')
    .option('--base-url <url>', 'API root including /v1, e.g. http://127.0.0.1:8080/v1')
    .option('--folder-id <id>', 'Yandex Cloud folder id')
}
