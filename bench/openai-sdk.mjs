// The official openai SDK uploading a file with files.create, as a peer in the upload benchmark: node bench/openai-sdk.mjs BASE KEY FILE
import { createReadStream } from 'node:fs'
import OpenAI from 'openai'

const [base, key, file] = process.argv.slice(2)
const client = new OpenAI({ apiKey: key, baseURL: base, maxRetries: 0 })
await client.files.create({ file: createReadStream(file), purpose: 'user_data' })
