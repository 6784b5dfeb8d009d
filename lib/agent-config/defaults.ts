/**
 * What a new profile starts with, and what a call with no profile version runs on: one text per
 * fact for the bootstrap, the "New profile" action, the editor, the model/voice lists and the
 * agent's call config. No imports, so it is safe in the browser.
 */
export const DEFAULT_MODEL = 'gpt-realtime';
export const DEFAULT_VOICE = 'marin';
export const DEFAULT_PROMPT = `You are a helpful voice assistant for our team. Keep answers short and conversational: the caller hears you, they do not read you.
Use the tools you are given when they fit the request, and say what you are doing in a few words.`;
