// Pieces of a provider's address, for messages and for the connectivity probe.

/** "api.openai.com", or "the provider" when the address is not a URL. */
export function hostOf(url: string): string {
  try {
    return new URL(url).host
  } catch {
    return 'the provider'
  }
}

/** The origin (scheme://host:port) of a base URL, or null when it is not a URL. */
export function originOf(baseUrl: string): string | null {
  try {
    return new URL(baseUrl).origin
  } catch {
    return null
  }
}
