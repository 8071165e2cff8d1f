import { Elbv2Error } from "./errors.ts";

/**
 * Reading awsQuery parameters (`Names.member.1=…`, `Targets.member.2.Port=…`) and rejecting bad
 * values the way the ELBv2 front end does: `ValidationError` with Coral's
 * "1 validation error detected" wording for model constraints.
 */

export function validationError(message: string): Elbv2Error {
  return new Elbv2Error("ValidationError", message);
}

/** `field` is the camelCase member path AWS reports, e.g. `pageSize`, `targets.1.member.port`. */
export function constraintViolation(value: string | null, field: string, constraint: string): Elbv2Error {
  const shown = value === null ? "null" : `'${value}'`;
  return validationError(
    `1 validation error detected: Value ${shown} at '${field}' failed to satisfy constraint: ${constraint}`,
  );
}

/** A single string parameter; an empty value counts as given (it is what `X=` on the wire means). */
export function stringParam(params: URLSearchParams, name: string): string | undefined {
  return params.get(name) ?? undefined;
}

export function requiredString(params: URLSearchParams, name: string, field: string): string {
  const value = params.get(name);
  if (value === null) throw constraintViolation(null, field, "Member must not be null");
  return value;
}

/**
 * `Name.member.1 … Name.member.N`. `undefined` when the list is absent; `Name=` (how the SDK sends an
 * empty list) gives `[]`. Reading stops at the first gap, as members are numbered contiguously.
 */
export function memberList(params: URLSearchParams, name: string): string[] | undefined {
  const first = params.get(`${name}.member.1`);
  if (first === null) return params.has(name) ? [] : undefined;
  const items = [first];
  for (let i = 2; ; i++) {
    const item = params.get(`${name}.member.${i}`);
    if (item === null) return items;
    items.push(item);
  }
}

/** Java's `List.toString`, which is how AWS shows a list value in a constraint message. */
export function listForMessage(items: readonly string[]): string {
  return `[${items.join(", ")}]`;
}

export function maxLength(items: string[] | undefined, max: number, field: string): void {
  if (items !== undefined && items.length > max) {
    throw constraintViolation(
      listForMessage(items),
      field,
      `Member must have length less than or equal to ${max}`,
    );
  }
}

const INTEGER = /^[+-]?\d{1,10}$/;

/** An integer parameter within `[min, max]`; `undefined` when absent. */
export function integerParam(
  raw: string | null,
  field: string,
  min: number,
  max: number,
): number | undefined {
  if (raw === null) return undefined;
  // The JS SDK types these as numbers, but raw callers can send anything; AWS refuses the value.
  if (!INTEGER.test(raw)) throw constraintViolation(raw, field, "Member must be a number");
  const value = Number(raw);
  if (value < min)
    throw constraintViolation(raw, field, `Member must have value greater than or equal to ${min}`);
  if (value > max)
    throw constraintViolation(raw, field, `Member must have value less than or equal to ${max}`);
  return value;
}

export interface TargetFilter {
  Id: string;
  Port?: number;
  AvailabilityZone?: string;
}

/** `Targets.member.N.Id` / `.Port` / `.AvailabilityZone`; `undefined` when no filter was sent. */
export function targetList(params: URLSearchParams): TargetFilter[] | undefined {
  if (
    !params.has("Targets.member.1.Id") &&
    !params.has("Targets.member.1.Port") &&
    !params.has("Targets.member.1.AvailabilityZone")
  ) {
    return params.has("Targets") ? [] : undefined;
  }
  const targets: TargetFilter[] = [];
  for (let i = 1; ; i++) {
    const prefix = `Targets.member.${i}.`;
    const id = params.get(`${prefix}Id`);
    const port = params.get(`${prefix}Port`);
    const zone = params.get(`${prefix}AvailabilityZone`);
    if (id === null && port === null && zone === null) return targets;
    if (id === null) throw constraintViolation(null, `targets.${i}.member.id`, "Member must not be null");
    const target: TargetFilter = { Id: id };
    const parsedPort = integerParam(port, `targets.${i}.member.port`, 1, 65535);
    if (parsedPort !== undefined) target.Port = parsedPort;
    if (zone !== null) target.AvailabilityZone = zone;
    targets.push(target);
  }
}
