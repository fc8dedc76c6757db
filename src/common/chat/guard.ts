// A tiny runtime schema for messages crossing the webview boundary. Both sides receive `unknown`
// from postMessage; these guards turn it into typed values or reject it.

export type Guard<T> = (value: unknown) => value is T;

export const isString = (maxLength = 1_000_000): Guard<string> =>
  (value): value is string => typeof value === 'string' && value.length <= maxLength;

export const isNumber: Guard<number> = (value): value is number => typeof value === 'number' && Number.isFinite(value);

export const isBoolean: Guard<boolean> = (value): value is boolean => typeof value === 'boolean';

export function isOneOf<const T extends readonly string[]>(values: T): Guard<T[number]> {
  return (value): value is T[number] => typeof value === 'string' && (values as readonly string[]).includes(value);
}

export function isArrayOf<T>(item: Guard<T>, maxItems = 10_000): Guard<T[]> {
  return (value): value is T[] => Array.isArray(value) && value.length <= maxItems && value.every(item);
}

export function optional<T>(guard: Guard<T>): Guard<T | undefined> {
  return (value): value is T | undefined => value === undefined || guard(value);
}

type Shape = Record<string, Guard<unknown>>;
type FromShape<S extends Shape> = { [K in keyof S]: S[K] extends Guard<infer T> ? T : never };

/** An object with exactly these checked fields (unknown extra fields are tolerated, never trusted). */
export function isObject<S extends Shape>(shape: S): Guard<FromShape<S>> {
  return (value): value is FromShape<S> => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
    const record = value as Record<string, unknown>;
    return Object.keys(shape).every((key) => shape[key](record[key]));
  };
}

/** A discriminated union on `type`: picks the member's guard by its tag. */
export function isTagged<T extends { type: string }>(members: { [K in T['type']]: Guard<Extract<T, { type: K }>> }): Guard<T> {
  return (value): value is T => {
    if (typeof value !== 'object' || value === null) return false;
    const tag = (value as { type?: unknown }).type;
    if (typeof tag !== 'string' || !Object.prototype.hasOwnProperty.call(members, tag)) return false;
    return (members as Record<string, Guard<unknown>>)[tag](value);
  };
}
