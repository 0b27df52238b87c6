// OpenAI-style API errors: one class carrying status + the `{"error":{message,type,param,code}}` envelope fields.

export interface ErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null }
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly param: string | null = null,
    readonly code: string | null = null,
    readonly type: string = 'invalid_request_error'
  ) {
    super(message)
  }

  toBody(): ErrorBody {
    return { error: { message: this.message, type: this.type, param: this.param, code: this.code } }
  }
}

// The messages below copy OpenAI's wording where it is known; the error bodies of the Uploads API are UNCONFIRMED
// (providers.md §1.5), so their `code` values are the sandbox's own, chosen to be stable for the engine to switch on.

export const missingKey = (): ApiError =>
  new ApiError(
    401,
    "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
    null,
    'invalid_api_key'
  )

export const invalidUrl = (method: string, path: string): ApiError =>
  new ApiError(404, `Invalid URL (${method} ${path})`, null, null)

export const noSuchFile = (id: string): ApiError => new ApiError(404, `No such File object: ${id}`, 'id', null)

export const noSuchUpload = (id: string): ApiError => new ApiError(404, `No such Upload object: ${id}`, 'upload_id', null)

export const missingParam = (param: string): ApiError =>
  new ApiError(400, `Missing required parameter: '${param}'.`, param, 'missing_required_parameter')

/** busboy (like most servers) treats a part without filename and not application/octet-stream as a text field. */
export const notAFile = (param: string): ApiError =>
  new ApiError(
    400,
    `'${param}' must be sent as a file: a multipart part with a filename or Content-Type application/octet-stream.`,
    param,
    'invalid_value'
  )

export const invalidValue = (param: string, message: string): ApiError =>
  new ApiError(400, message, param, 'invalid_value')

export const notOneOf = (param: string, value: string, allowed: readonly string[]): ApiError =>
  invalidValue(param, `'${value}' is not one of [${allowed.map((a) => `'${a}'`).join(', ')}] - '${param}'`)

export const uploadExpired = (id: string): ApiError => new ApiError(400, `Upload ${id} has expired`, null, 'upload_expired')

export const uploadNotPending = (id: string, status: string): ApiError =>
  new ApiError(400, `Upload ${id} is already ${status}.`, null, `upload_${status}`)

export const invalidJson = (): ApiError =>
  new ApiError(
    400,
    "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON.)",
    null,
    null
  )

export const internalError = (): ApiError =>
  new ApiError(500, 'The server had an error while processing your request.', null, null, 'server_error')
