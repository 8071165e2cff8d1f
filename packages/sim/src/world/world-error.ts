/** An action that names something the world does not have; the message names what it has. */
export class WorldError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "WorldError";
  }
}

/**
 * `map.get(key)`, or a {@link WorldError} built by `missing` from the keys that do exist
 * (comma-separated, or `none`).
 */
export function lookup<T>(map: ReadonlyMap<string, T>, key: string, missing: (known: string) => string): T {
  const value = map.get(key);
  if (value === undefined) throw new WorldError(missing([...map.keys()].join(", ") || "none"));
  return value;
}
