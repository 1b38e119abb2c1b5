/**
 * Some text of a long answer, and where the following text starts (`null` after the last): what
 * a meter answers for one page of a streamed read, and what the HTTP layer streams page by page.
 */
export interface TextPage<Cursor> {
  readonly text: string;
  readonly next: Cursor | null;
}
