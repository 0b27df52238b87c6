// The validator's public surface: validate in-process or in a worker thread; profiles and the message catalogue.
export { validateFile, MAX_LINE_BYTES, type ValidateDeps } from './validate'
export { validateInWorker, defaultWorkerUrl, type WorkerValidateOptions } from './worker-client'
export { PROFILES, OPENAI, TOGETHER, MISTRAL, isProfileId, type ValidationProfile } from './profiles'
export { CODES, type Code } from './codes'
export { EN, type MessageTable } from './messages'
