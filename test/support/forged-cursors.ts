/** base64url of UTF-8 text, unpadded, as the API writes cursor payloads. */
function base64Url(text: string): string {
  const bytes = new TextEncoder().encode(text);
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

function fromBase64Url(text: string): string {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return new TextDecoder().decode(Uint8Array.from(binary, (char) => char.charCodeAt(0)));
}

/**
 * Cursors a client could make from a `next` it was given: its payload moved on by `shift` seconds
 * with the original signature kept, and the same moved payload with no signature at all.
 */
export function forgedCursors(next: string, shift: number): string[] {
  const [payload = ''] = next.split('.');
  const cursor = JSON.parse(fromBase64Url(payload)) as { at: number };
  const moved = base64Url(JSON.stringify({ ...cursor, at: cursor.at + shift }));
  return [`${moved}.${next.split('.')[1] ?? ''}`, moved];
}
