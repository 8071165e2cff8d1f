// The command line of `npm start`: its options, and the two ways a user's intent gets lost on the way.

/** The options of `npm start`: the ones that take a value, and the switches. */
export const START_OPTIONS = {
  scenario: { type: "string" },
  speed: { type: "string" },
  port: { type: "string" },
  region: { type: "string" },
  "data-dir": { type: "string" },
  "in-memory": { type: "boolean" },
  "keep-data": { type: "boolean" },
  aws: { type: "boolean" },
  plain: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

/**
 * `npm start --port 3918` (without `--`): npm takes `--port` as a setting of its own, exports it
 * as `npm_config_port=true` and passes only `3918` on. Says what was meant instead of "Unexpected
 * argument '3918'".
 */
export function npmTookOptions(argv: readonly string[]): string | undefined {
  if (process.env.npm_lifecycle_event !== "start") return undefined;
  const taken = Object.keys(START_OPTIONS).filter(
    (name) => process.env[`npm_config_${name.replaceAll("-", "_")}`],
  );
  if (taken.length === 0) return undefined;
  // npm keeps the values in order; they belong to the options that take one, in an order npm does not keep.
  const valued = taken.filter((name) => START_OPTIONS[name as keyof typeof START_OPTIONS].type === "string");
  const meant =
    valued.length === argv.length && valued.length <= 1
      ? taken.map((name) => (valued.includes(name) ? `--${name} ${argv[0]}` : `--${name}`)).join(" ")
      : taken.map((name) => `--${name}`).join(" ");
  return `npm took ${taken.map((name) => `--${name}`).join(", ")} as its own setting: put -- before targetwatch's options, as in npm start -- ${meant}`;
}

/**
 * `--speed -3`: Node's parser takes `-3` for an option and calls the argument ambiguous. A value
 * that is a negative number is joined to its option, so that the option's own check answers.
 */
export function joinNegativeValues(argv: readonly string[]): string[] {
  const joined: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const next = argv[i + 1];
    const name = arg.startsWith("--") ? arg.slice(2) : undefined;
    const takesValue =
      name !== undefined && START_OPTIONS[name as keyof typeof START_OPTIONS]?.type === "string";
    if (takesValue && next !== undefined && /^-\d|^-\.\d|^-Infinity$/.test(next)) {
      joined.push(`${arg}=${next}`);
      i++;
    } else joined.push(arg);
  }
  return joined;
}
