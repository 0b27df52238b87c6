// Element ids other modules focus by keyboard shortcut or after navigation.
export const PATH_FIELD_ID = 'add-paths'
export const ACCOUNT_KEY_FIELD_ID = 'account-key'
