// English texts of every validation code: the message (with {placeholders}) and a fix hint.
// Shared by the validator (its report and the CLI) and the renderer (the panel renders findings from code + params).
// Another language is a table of the same shape (validation-ru.ts); src/shared/locale/validation.ts picks one.

export interface CodeText {
  message: string
  hint: string
}

export const VALIDATION_EN = {
  E_EMPTY_FILE: {
    message: 'The file is empty. Add one example per line.',
    hint: 'Check that you picked the right file and that the export finished.'
  },
  E_BINARY_FILE: {
    message: 'This is not a text file (it looks like {kind}). Export your data as .jsonl text.',
    hint: 'Open the data in its program and export or "Save as" JSON Lines (.jsonl), one JSON object per line.'
  },
  E_COMPRESSED_FILE: {
    message: 'This file is compressed ({format}). Decompress it first, then check the .jsonl file that comes out.',
    hint: 'Open the file with your archive program (on most computers a double-click unpacks it) and pick the .jsonl file inside.\nFor developers: gunzip file.jsonl.gz, unzip file.zip, or xz -d, zstd -d, bunzip2 for those formats.'
  },
  E_UTF16_ENCODING: {
    message: 'The file is saved as UTF-16 ("Unicode"). Save it again as UTF-8.',
    hint: 'In your editor choose "Save as" and pick the encoding "UTF-8" (not "Unicode" or "UTF-16").'
  },
  E_CR_LINE_ENDINGS: {
    message: 'Lines are separated by old Mac line breaks (CR). Save with normal line breaks.',
    hint: 'In your editor, change the line endings to "LF" (Unix) or "CRLF" (Windows) and save again.'
  },
  E_FILE_TOO_LARGE: {
    message: 'The file is {size}; the limit is {limit}. Split it into smaller files.',
    hint: 'Split the file into parts below the limit and upload them one by one.'
  },
  W_UTF8_BOM: {
    message: 'The file starts with an invisible byte-order mark; some services reject it. Save as "UTF-8" (without BOM).',
    hint: 'In your editor choose "Save as" with the encoding "UTF-8" (not "UTF-8 with BOM").'
  },
  E_INVALID_UTF8: {
    message: 'This line has characters that are not UTF-8 (often from Excel/Windows encodings). Re-save the file as UTF-8.',
    hint: 'Open the file in a text editor and save it again with the encoding "UTF-8".'
  },
  W_BLANK_LINE: {
    message: 'Empty line — remove it.',
    hint: 'Delete the empty line; every line must hold one example.'
  },
  W_UNICODE_LINE_SEPARATOR: {
    message: 'Contains an invisible line-separator character that some tools treat as a line break. Replace it with a space or `\\n`.',
    hint: 'Replace U+2028/U+2029/U+0085 with a normal space, or escape it as \\u2028.'
  },
  W_LONE_SURROGATE: {
    message: 'Contains a broken emoji or character code ({esc}). Fix or remove it.',
    hint: 'Re-export the text from its source; an emoji was cut in half somewhere along the way.'
  },
  W_LINE_TOO_LONG: {
    message: 'Line {n} is {size} long — too long to check. No provider accepts an example this large; look for a missing line break.',
    hint: 'Make sure each example ends with a line break; a whole file on one line usually means the export lost them.'
  },
  E_JSON_PARSE: {
    message: 'This line is not valid JSON: {detail} (column {c}).',
    hint: 'Look at the column shown: common causes are a trailing comma, single quotes, an unescaped " or TAB, NaN, or a line cut off early.'
  },
  E_LINE_NOT_OBJECT: {
    message: 'Each line must be one JSON object in `{ }`; this line is {type}.',
    hint: 'Wrap the example in an object, e.g. {"messages": [ … ]}.'
  },
  E_NOT_JSON_LINES: {
    message: 'This is a regular JSON file (a list or pretty-printed), not JSON Lines. Put each example on its own single line.',
    hint: 'Export the data again as "JSON Lines" (.jsonl): each example on a line of its own, with no [ ] around them and no commas between them. If someone made the file for you, ask them for JSON Lines.\nFor developers: jq -c ".[]" file.json > file.jsonl (a list), or jq -c . file.json > file.jsonl (objects one after another).'
  },
  E_CSV_FILE: {
    message: 'This is a CSV table (first row: {columns}), not JSON Lines. Convert each row into one JSON object on its own line.',
    hint: 'Each row has to become one example in the provider\'s format, e.g. {"messages":[{"role":"user","content":"…"},{"role":"assistant","content":"…"}]}. Spreadsheet programs cannot save that: use a conversion script, or ask whoever made the file for JSON Lines (.jsonl).'
  },
  W_DUPLICATE_JSON_KEY: {
    message: 'Field "{key}" appears twice; only the last one is used.',
    hint: 'Remove one of the two fields, or merge them into one.'
  },
  E_NESTING_TOO_DEEP: {
    message: 'Values on this line are nested more than {max} levels deep; JSON readers give up on that.',
    hint: 'No real example nests this deep: look for the step of your export that wraps a value in itself again and again.'
  },
  E_WRONG_PURPOSE: {
    message: 'This looks like {detected} data (it has {keys}), but you chose "{purpose}".',
    hint: 'Choose the purpose that matches the data, or pick the right file.'
  },
  E_UNKNOWN_FORMAT: {
    message: 'Unrecognised example format. Expected `{"messages":[{"role":…,"content":…}]}`. {hint}',
    hint: 'Convert each line to the provider\'s format: {"messages":[{"role":"user","content":"…"},{"role":"assistant","content":"…"}]}.'
  },
  E_MIXED_FORMATS: {
    message: 'This line is in {lineFmt} format but the file is {fileFmt}. Use one format per file.',
    hint: 'Convert this line to the same format as the rest of the file, or move it to a separate file.'
  },
  E_UNSUPPORTED_FORMAT: {
    message: '{provider} does not accept {fmt} data for fine-tuning.',
    hint: 'Convert the data to chat format ("messages") or choose a provider that accepts this format.'
  },
  E_METHOD_FORMAT_MISMATCH: {
    message: 'You chose {method} training, but this file is in {fmt} format.',
    hint: 'Choose the training method that matches the data, or convert the file.'
  },
  W_LEGACY_FORMAT: {
    message: 'prompt/completion files only work with the legacy babbage-002/davinci-002 models; chat models need "messages".',
    hint: 'To fine-tune a chat model, convert each line to {"messages":[{"role":"user",…},{"role":"assistant",…}]}.'
  },
  E_TOO_FEW_EXAMPLES: {
    message: 'Only {n} {n:example|examples}; at least {min} are required.',
    hint: 'Add more examples; 50 to 100 good ones is a sensible start.'
  },
  E_TOO_MANY_EXAMPLES: {
    message: '{n} {n:example|examples}; the maximum is {max}.',
    hint: 'Remove examples or split the data into several training runs.'
  },
  E_MISSING_MESSAGES: {
    message: 'No "messages" list found. Each example needs "messages": [ … ].',
    hint: 'Check the spelling of "messages" (lower case, plural) on this line.'
  },
  E_MESSAGES_NOT_ARRAY: {
    message: '"messages" must be a list [ … ] of messages.',
    hint: 'Put the messages in square brackets: "messages": [{"role":…,"content":…}, …].'
  },
  E_MESSAGES_EMPTY: {
    message: '"messages" is empty.',
    hint: 'Add at least a user message and the assistant reply, or delete the line.'
  },
  E_MESSAGE_NOT_OBJECT: {
    message: 'Message {i} is not a {"role","content"} object.',
    hint: 'Write each message as {"role": "user", "content": "…"}.'
  },
  E_MISSING_ROLE: {
    message: 'Message {i} has no "role".',
    hint: 'Add "role": "system", "user" or "assistant" to the message.'
  },
  E_UNKNOWN_ROLE: {
    message: 'Unknown role "{role}". Use one of: {allowed}.',
    hint: 'Rename the role: "human" → "user"; "gpt", "bot" or "model" → "assistant".'
  },
  E_MISSING_CONTENT: {
    message: 'Message {i} ({role}) has no content.',
    hint: 'Add "content" with the message text.'
  },
  E_INVALID_CONTENT_TYPE: {
    message: 'Message {i} content must be text (or a list of parts), not {type}.',
    hint: 'Write the content as a string, e.g. "content": "Hello", or as a list of text/image parts.'
  },
  E_NO_ASSISTANT_MESSAGE: {
    message: 'No assistant reply to learn from. Add the answer you want the model to give.',
    hint: 'End the example with {"role": "assistant", "content": "…"}.'
  },
  E_INVALID_WEIGHT: {
    message: '"weight" must be 0 or 1.',
    hint: 'Use the number 0 (skip this message in training) or 1 (learn it), without quotes.'
  },
  W_WEIGHT_ON_NON_ASSISTANT: {
    message: '"weight" only applies to assistant messages; it will be ignored or rejected here.',
    hint: 'Remove "weight" from this message; set it on assistant messages only.'
  },
  E_UNKNOWN_MESSAGE_KEY: {
    message: 'Unexpected field "{key}" in a {role} message. Remove it.',
    hint: 'Delete the field; keep only role, content and the fields this role allows.'
  },
  E_UNKNOWN_TOP_LEVEL_KEY: {
    message: 'Unexpected field "{key}" next to {allowed}. Remove it.',
    hint: 'Delete the field, or move the data into the messages.'
  },
  E_CONSECUTIVE_SAME_ROLE: {
    message: 'Two {role} messages in a row; roles must alternate user/assistant.',
    hint: 'Merge the two messages into one, or insert the missing turn between them.'
  },
  E_ROLE_ORDER: {
    message: 'Message order not allowed: "{role}" after "{prev}".',
    hint: 'Put the system message first and let every tool result follow an assistant tool call.'
  },
  E_ASSISTANT_CONTENT_AND_TOOL_CALLS: {
    message: 'An assistant message must have either text or tool calls, not both.',
    hint: 'Split it into two assistant messages, or drop the text next to the tool calls.'
  },
  W_DEVELOPER_ROLE_IN_SFT: {
    message: 'Training files use "system" for instructions; change "developer" to "system".',
    hint: 'Rename "developer" to "system".'
  },
  W_SYSTEM_NOT_FIRST: {
    message: 'The system message should come first.',
    hint: 'Move the system message to the start of the example.'
  },
  E_EMPTY_CONTENT_ARRAY: {
    message: 'Message {i} content list is empty.',
    hint: 'Add a text part, e.g. [{"type": "text", "text": "…"}], or use a plain string.'
  },
  E_INVALID_CONTENT_PART: {
    message: 'Content part {j} is malformed: {why}.',
    hint: 'Write parts as {"type": "text", "text": "…"} or {"type": "image_url", "image_url": {"url": "…"}}.'
  },
  E_UNSUPPORTED_CONTENT_PART: {
    message: 'Audio and file attachments can\'t be used for fine-tuning — only text and images.',
    hint: 'Remove the audio or file part, or transcribe it into text.'
  },
  E_IMAGE_NOT_IN_USER_MESSAGE: {
    message: 'Images are only allowed in user messages.',
    hint: 'Move the image into a user message.'
  },
  E_INVALID_IMAGE_URL: {
    message: 'The image must be a web link or an embedded base64 image, not "{url}".',
    hint: 'Use an https:// link or embed the image as data:image/png;base64,….'
  },
  E_IMAGE_FORMAT_UNSUPPORTED: {
    message: 'Images must be JPEG, PNG or WEBP (this one is {type}).',
    hint: 'Convert the image to JPEG, PNG or WEBP.'
  },
  E_IMAGE_TOO_LARGE: {
    message: 'Image {j} is {size}; the limit is 10 MB.',
    hint: 'Resize or compress the image below 10 MB.'
  },
  E_TOO_MANY_IMAGES: {
    message: '{n} {n:image|images} in one example; the limit is 10.',
    hint: 'Split the example, or keep the 10 most useful images.'
  },
  E_TOO_MANY_IMAGE_EXAMPLES: {
    message: 'Too many examples with images ({n}; max 50,000).',
    hint: 'Remove some examples with images, or split them over several runs.'
  },
  E_IMAGES_NOT_SUPPORTED_FOR_METHOD: {
    message: 'Preference (DPO) training is text-only; remove images.',
    hint: 'Remove the image parts, or train this data with supervised fine-tuning.'
  },
  E_IMAGE_NOT_DATA_URL: {
    message: 'Together needs images embedded as base64 (data:image/…;base64,…), not web links.',
    hint: 'Download the image and embed it as data:image/jpeg;base64,….'
  },
  E_MIXED_CONTENT_FORMS: {
    message: 'Use the same content style (all text or all lists) within one example.',
    hint: 'Write every content in this example as a plain string, or every one as a list of parts.'
  },
  E_WEIGHTED_IMAGE_MESSAGE: {
    message: 'Messages with images must have weight 0.',
    hint: 'Set "weight": 0 on messages that contain images.'
  },
  W_IMAGE_URL_FORMAT: {
    message: 'This link looks like a {ext} image; only JPEG/PNG/WEBP are used.',
    hint: 'Convert the image to JPEG, PNG or WEBP and link to that file.'
  },
  E_INVALID_TOOLS: {
    message: 'The "tools" list is malformed: {why}.',
    hint: 'Write tools as [{"type": "function", "function": {"name": "…", "parameters": {…}}}].'
  },
  E_INVALID_FUNCTION_NAME: {
    message: 'Function name "{name}" may only use letters, digits, _ and - (max 64).',
    hint: 'Rename the function using only letters, digits, _ and -.'
  },
  E_INVALID_TOOL_CALL: {
    message: 'Tool call {k} is malformed: {why}.',
    hint: 'Write each call as {"id": "call_1", "type": "function", "function": {"name": "…", "arguments": "{…}"}}.'
  },
  E_TOOL_ARGUMENTS_NOT_STRING: {
    message: 'Tool-call arguments must be a JSON *string*, e.g. "{\\"city\\":\\"Paris\\"}".',
    hint: 'Where the line has "arguments": { … }, put the braces and all inside them in quotes, with a \\ before each " inside: "arguments": "{\\"city\\": \\"Paris\\"}". If a program made the file, that program has to write them so.\nFor developers: JSON.stringify(args) in JavaScript, json.dumps(args) in Python.'
  },
  W_TOOL_ARGUMENTS_NOT_JSON: {
    message: 'Tool-call arguments are not valid JSON: {detail}.',
    hint: 'Make the arguments string valid JSON, e.g. "{\\"city\\": \\"Paris\\"}".'
  },
  E_TOOL_MESSAGE_MISSING_ID: {
    message: 'This tool result doesn\'t say which call it answers (tool_call_id).',
    hint: 'Add "tool_call_id" with the id of the assistant tool call this result answers.'
  },
  W_TOOL_CALL_ID_UNMATCHED: {
    message: 'tool_call_id "{id}" doesn\'t match any earlier tool call.',
    hint: 'Use the "id" of an earlier assistant tool call in the same example.'
  },
  E_MISTRAL_TOOL_CALL_ID: {
    message: 'Mistral tool-call ids must be exactly 9 letters/digits ("{id}").',
    hint: 'Use ids of exactly 9 letters or digits, e.g. "aB3dE6gH9", in both the call and the result.'
  },
  E_FUNCTION_MESSAGE_MISSING_NAME: {
    message: 'Function-result message needs "name".',
    hint: 'Add "name" with the function that produced this result.'
  },
  E_INVALID_FUNCTIONS: {
    message: 'The "functions" list is malformed: {why}.',
    hint: 'Write functions as [{"name": "…", "parameters": {…}}] with 1 to 128 items.'
  },
  E_INVALID_PARALLEL_TOOL_CALLS: {
    message: '"parallel_tool_calls" must be true or false.',
    hint: 'Use true or false without quotes.'
  },
  W_TOOLS_NOT_DEFINED: {
    message: 'The assistant calls "{name}" but this example defines no tools.',
    hint: 'Add a "tools" list to the example that defines the function.'
  },
  W_UNDEFINED_FUNCTION_CALLED: {
    message: 'The assistant calls "{name}", which is not in this example\'s tool list.',
    hint: 'Add the function to "tools", or fix the name in the call.'
  },
  W_FUNCTIONS_AND_TOOLS: {
    message: 'Use either "tools" or the older "functions", not both.',
    hint: 'Move the "functions" definitions into "tools" and delete "functions".'
  },
  E_DPO_MISSING_FIELD: {
    message: 'Missing "{field}". Each example needs input, preferred_output and non_preferred_output.',
    hint: 'Rename "chosen"/"preferred_completion" to "preferred_output" and "rejected"/"non_preferred_completion" to "non_preferred_output".'
  },
  E_DPO_INPUT_INVALID: {
    message: '"input" must be {"messages":[…]}.',
    hint: 'Write the prompt as "input": {"messages": [{"role": "user", "content": "…"}]}.'
  },
  E_DPO_OUTPUT_NOT_ARRAY: {
    message: '"{field}" must be a list holding one assistant message.',
    hint: 'Wrap the answer in a list: [{"role": "assistant", "content": "…"}].'
  },
  E_DPO_OUTPUT_COUNT: {
    message: '"{field}" must contain exactly one assistant message (found {n}).',
    hint: 'Keep exactly one assistant message in the list.'
  },
  E_DPO_OUTPUT_ROLE: {
    message: '"{field}" must be an assistant message with content.',
    hint: 'Use {"role": "assistant", "content": "…"}.'
  },
  W_DPO_INPUT_ENDS_WITH_ASSISTANT: {
    message: 'The prompt should end with the user\'s turn; the compared answers come after it.',
    hint: 'Remove the trailing assistant message from "input", or end "input" with the user\'s question.'
  },
  W_DPO_IDENTICAL_OUTPUTS: {
    message: 'Preferred and non-preferred answers are identical — nothing to learn.',
    hint: 'Replace the non-preferred answer with a worse one, or drop the example.'
  },
  W_RFT_LAST_NOT_USER: {
    message: 'The last message should be the user\'s question the model will answer.',
    hint: 'End "messages" with the user prompt; the model writes the answer during training.'
  },
  W_RFT_SYSTEM_ROLE: {
    message: 'Use "developer" instead of "system" for RFT instructions.',
    hint: 'Rename "system" to "developer".'
  },
  E_LEGACY_MISSING_FIELD: {
    message: 'Each line needs both "prompt" and "completion".',
    hint: 'Add the missing field, or convert the file to chat format ("messages").'
  },
  E_LEGACY_FIELD_NOT_STRING: {
    message: '"{field}" must be text.',
    hint: 'Write the value as a string in quotes.'
  },
  W_EMPTY_COMPLETION: {
    message: 'Empty completion — the model learns to output nothing.',
    hint: 'Write the answer you want, or delete the line.'
  },
  W_LEGACY_EXTRA_KEY: {
    message: 'Extra field "{key}" will be ignored (Together rejects it).',
    hint: 'Delete the field, keeping only "prompt" and "completion".'
  },
  E_MISSING_CUSTOM_ID: {
    message: 'Every request needs a "custom_id" so you can match results.',
    hint: 'Add "custom_id": "request-N" with a unique id for each line.'
  },
  E_INVALID_CUSTOM_ID: {
    message: 'custom_id must be text, e.g. "request-1".',
    hint: 'Put the id in quotes, e.g. "custom_id": "request-1".'
  },
  W_EMPTY_CUSTOM_ID: {
    message: 'custom_id is empty.',
    hint: 'Give each request a unique, non-empty id.'
  },
  E_DUPLICATE_CUSTOM_ID: {
    message: 'custom_id "{id}" is already used on line {first}; ids must be unique.',
    hint: 'Give this request a different id, e.g. add a number.'
  },
  W_CUSTOM_ID_TOO_LONG: {
    message: 'custom_id is {n} {n:character|characters}; Together allows 64.',
    hint: 'Shorten the id to 64 characters, e.g. use a number or a hash.'
  },
  E_BATCH_INVALID_METHOD: {
    message: '"method" must be "POST".',
    hint: 'Write "method": "POST" in capitals.'
  },
  W_BATCH_MISSING_METHOD: {
    message: 'Add "method": "POST" (OpenAI batch lines include it).',
    hint: 'Add "method": "POST" to each line.'
  },
  E_BATCH_UNSUPPORTED_URL: {
    message: '"{url}" is not a batch endpoint. Use e.g. "/v1/chat/completions".',
    hint: 'Use a path starting with "/", without the https://api.openai.com part, e.g. "/v1/chat/completions".'
  },
  W_BATCH_MISSING_URL: {
    message: 'Add "url", e.g. "/v1/chat/completions".',
    hint: 'Add "url": "/v1/chat/completions" (or the endpoint you use) to each line.'
  },
  E_BATCH_URL_MISMATCH: {
    message: 'All requests in one batch must use the same endpoint; line {first} uses {url0}.',
    hint: 'Move requests for other endpoints into their own batch file.'
  },
  E_BATCH_INVALID_BODY: {
    message: 'Each line needs a "body" object with the request.',
    hint: 'Put the request in "body": { … }. Lines with "params" are in Anthropic\'s format; rename "params" to "body" and add "method" and "url".'
  },
  E_BATCH_MISSING_MODEL: {
    message: 'The request has no "model".',
    hint: 'Add "model" to the body, e.g. "model": "gpt-4o-mini".'
  },
  E_BATCH_MODEL_MISMATCH: {
    message: 'One batch file can use only one model; line {first} uses {model0}.',
    hint: 'Use the same model on every line, or split the file by model.'
  },
  E_BATCH_BODY_MISSING_PARAM: {
    message: 'The {endpoint} request is missing "{param}".',
    hint: 'Add the parameter to the body; check its spelling against the endpoint\'s reference.'
  },
  E_BATCH_EMBEDDING_INPUT_INVALID: {
    message: 'Embedding input must be non-empty text or a list of 1–2,048 items.',
    hint: 'Give non-empty text, or a list of at most 2,048 texts; split longer lists over several requests.'
  },
  E_BATCH_TOO_MANY_EMBEDDING_INPUTS: {
    message: '{n} embedding {n:input|inputs}; a batch allows 50,000. Split the file.',
    hint: 'Split the requests over several batch files.'
  },
  E_BATCH_TOO_MANY_REQUESTS: {
    message: '{n} {n:request|requests}; the limit is {max}. Split the file.',
    hint: 'Split the requests over several batch files.'
  },
  W_BATCH_STREAM: {
    message: 'Streaming isn\'t available in batch; remove "stream".',
    hint: 'Delete "stream": true from the body.'
  },
  E_EVALS_MISSING_ITEM: {
    message: 'Wrap each row as {"item": {…}}.',
    hint: 'Put the row\'s fields inside "item": {"item": {"question": "…", "answer": "…"}}.'
  },
  W_EVALS_UNKNOWN_KEY: {
    message: 'Field "{key}" is ignored; only "item" and "sample" are read.',
    hint: 'Move the field inside "item", or delete it.'
  },
  W_EMPTY_CONTENT: {
    message: 'Message {i} ({role}) is empty.',
    hint: 'Write the message text, or remove the message.'
  },
  W_NO_USER_MESSAGE: {
    message: 'This example has no user message.',
    hint: 'Add the user\'s question before the assistant reply.'
  },
  W_LAST_MESSAGE_NOT_ASSISTANT: {
    message: 'The example ends with a {role} message that is never answered.',
    hint: 'Add the assistant reply at the end, or remove the last message.'
  },
  W_NO_TRAINABLE_ASSISTANT: {
    message: 'All assistant messages have weight 0, so nothing is learned.',
    hint: 'Set "weight": 1 on the assistant messages you want the model to learn.'
  },
  W_SUSPICIOUS_CONTENT: {
    message: '"{v}" looks like an empty spreadsheet cell exported by mistake.',
    hint: 'Fill in the real text, or remove the example.'
  },
  W_DUPLICATE_EXAMPLE: {
    message: 'Same as line {first}. Duplicates over-weight this example.',
    hint: 'Delete the repeated line unless you mean to give it extra weight.'
  },
  W_EXAMPLE_TOO_LONG: {
    message: 'About {n} {n:token|tokens}; {model} trains on at most {limit}. The end will be cut off.',
    hint: 'Shorten the example or split the conversation into several examples.'
  },
  I_CRLF_LINE_ENDINGS: {
    message: 'The file uses Windows line breaks (CRLF).',
    hint: 'Nothing to do; JSON Lines allows Windows line breaks.'
  },
  I_NO_FINAL_NEWLINE: {
    message: 'The last line has no line break at the end.',
    hint: 'Nothing to do; a final line break is optional.'
  },
  I_FEW_EXAMPLES: {
    message: 'Only {n} {n:example|examples}; results usually improve with 50 or more.',
    hint: 'OpenAI suggests starting with 50 to 100 well-crafted examples.'
  },
  I_NO_SYSTEM_MESSAGE: {
    message: '{n} {n:example has|examples have} no system message.',
    hint: 'Add a system message if you will use one when calling the model.'
  },
  I_DEPRECATED_FUNCTIONS: {
    message: '"functions" and "function_call" are deprecated in favour of "tools".',
    hint: 'Prefer "tools" and "tool_calls" in new data.'
  },
  I_REMOTE_IMAGE: {
    message: '{n} {n:image is a web link|images are web links}; unreachable images and images of people, faces, children or CAPTCHAs are skipped.',
    hint: 'Check that the links are reachable; unreachable images are skipped.'
  },
  I_MODERATION: {
    message: 'The provider screens training data and may block a job that breaks its usage policies.',
    hint: 'Remove content that breaks the provider\'s usage policies before uploading.'
  },
  I_TOKEN_STATS: {
    message: 'About {tokens} {tokens:token|tokens} in {n} {n:example|examples}.',
    hint: 'Training cost grows with tokens × epochs.'
  }
} satisfies Record<string, CodeText>

/** Every code the validator reports (the same set as the catalogue in src/core/validate/codes.ts). */
export type ValidationCode = keyof typeof VALIDATION_EN

export type ValidationTexts = Record<ValidationCode, CodeText>

/**
 * E_JSON_PARSE's {detail}: why a line is not JSON, by the key the validator's JSON scanner (json-scan.ts) gives each
 * problem. {placeholders} name the finding's own params (data from the line, never words). The scanner builds its
 * English detail from this table, so the CLI and a rendered finding say the same.
 */
export const JSON_DETAILS_EN = {
  cut_off: 'the line ends before the JSON is complete (was it cut off?)',
  single_quotes: 'single quotes are not allowed; use double quotes',
  minus_infinity: '-Infinity is not a JSON value; use null or a number',
  nan: 'NaN is not a JSON value; use null or a number',
  infinity: 'Infinity is not a JSON value; use null or a number',
  undefined: 'undefined is not a JSON value; use null',
  python_literal: 'None/True/False are Python, not JSON; use null/true/false',
  missing_value: 'a value is missing before "{char}" (trailing comma?)',
  unexpected_char: 'unexpected character "{char}"',
  trailing_comma_object: 'trailing comma before "}"',
  trailing_comma_array: 'trailing comma before "]"',
  unquoted_key: 'property names must be in double quotes',
  expected_colon: 'expected ":" after "{key}"',
  missing_comma: 'a comma is missing between two fields (or a " inside a text is not escaped as \\")',
  expected_comma_or_brace: 'expected "," or "}" after a value',
  expected_comma_or_bracket: 'expected "," or "]" after a value',
  unclosed_text: 'a text value is not closed (missing ")',
  bad_unicode_escape: 'invalid \\u escape (needs 4 hex digits)',
  bad_escape: 'invalid escape "{esc}"',
  raw_tab: 'a raw TAB character inside a text; write it as \\t',
  raw_newline: 'a raw line break inside a text; write it as \\n',
  raw_control: 'an invisible control character, {cp}, inside a text; delete it',
  bad_number: 'invalid number',
  extra_text: 'extra text after the end of the JSON value (two objects on one line?)',
  invisible_char: 'an invisible character, {cp}, where it does not belong; delete it',
  stray_bom: 'a second byte-order mark (the invisible character U+FEFF, which only a file\'s very start may have; were two files joined?)',
  not_json: 'not valid JSON'
} as const satisfies Record<string, string>

export type JsonDetailKey = keyof typeof JSON_DETAILS_EN

/** Another language's phrases: every key, any wording (validation-ru.ts). */
export type JsonDetailTexts = Record<JsonDetailKey, string>

type PlaceholdersIn<S extends string> = S extends `${string}{${infer Name}}${infer Rest}` ? Name | PlaceholdersIn<Rest> : never

/** The params a detail phrase needs, by name (e.g. `{ char: 'x' }` for unexpected_char), so the scanner cannot leave one out. */
export type JsonDetailParams<K extends JsonDetailKey> = Record<PlaceholdersIn<(typeof JSON_DETAILS_EN)[K]>, string>
