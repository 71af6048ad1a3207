/**
 * The end of an exhaustive switch. TypeScript rejects the call when a case is missing (its
 * argument is then not `never`), and at run time a value that slipped past the types, such as
 * a message from a stale worker bundle, throws instead of being ignored in silence.
 */

/** Throw for a value no case handled; `what` names its kind in the message. */
export function assertNever(value: never, what = 'value'): never {
  const type =
    typeof value === 'object' && value !== null && 'type' in value ? (value as { type: unknown }).type : value;
  throw new Error(`Unhandled ${what}: ${describe(type)}`);
}

function describe(type: unknown): string {
  if (typeof type === 'string') return `“${type}”`;
  try {
    return JSON.stringify(type) ?? String(type);
  } catch {
    return String(type);
  }
}
