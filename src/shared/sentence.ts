// A sentence begins with a capital letter, also when it begins with a name such as "the Ferry sandbox" or "the provider".

/**
 * `text` with its first letter in upper case: "the Ferry sandbox could not find it" → "The Ferry sandbox could not find it".
 * A first word that is a host, address or file name ("api.example.com", "train.jsonl") stays as written: case matters there.
 */
export function capitalize(text: string): string {
  const first = /^\S*/.exec(text)?.[0] ?? ''
  if (/[./:@\\]/.test(first)) return text
  return text.charAt(0).toLocaleUpperCase() + text.slice(1)
}
