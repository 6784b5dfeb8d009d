/** LiveKit's server API answers on the HTTP(S) form of the WebSocket URL clients join with. */
export function livekitApiUrl(wsUrl: string): string {
  return wsUrl.replace(/^ws(s?):\/\//, 'http$1://');
}
