// What files are for, in OpenAI's words (the other providers' words are mapped to these): one list for every host.

/** The purposes a job can have, as the purpose menu offers them. */
export const PURPOSES = ['fine-tune', 'batch', 'evals', 'assistants', 'vision', 'user_data'] as const
export type Purpose = (typeof PURPOSES)[number]

/** The purposes whose lines Ferry checks before sending; other files go as they are. */
export const CHECKED_PURPOSES = ['fine-tune', 'batch', 'evals'] as const

export const isChecked = (purpose: string): boolean => (CHECKED_PURPOSES as readonly string[]).includes(purpose)
