import type * as v from 'valibot';

/** Message for an object schema: a missing field is "required", anything else is not the object. */
export function objectMessage(what: string) {
  return (issue: v.ObjectIssue): string =>
    issue.expected?.startsWith('"') ? 'is required' : `must be ${what}`;
}
