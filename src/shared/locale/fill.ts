// The one `{name}` filler for texts without word forms (UI strings, the validator's English): no imports, so the
// validator's worker can use it without the UI's string tables.

/** Replaces `{name}` placeholders; unknown placeholders stay visible rather than printing "undefined". */
export function fill(template: string, params: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = params[name]
    return v === undefined ? whole : String(v)
  })
}
