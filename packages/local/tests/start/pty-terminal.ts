import { type ChildProcess, spawn } from "node:child_process";
import xterm from "@xterm/headless";
import { REPO_ROOT } from "./cli-process.ts";

/** A terminal's size in characters. */
export interface TerminalSize {
  columns: number;
  rows: number;
}

/** What a test checks on every screen a program draws, once it starts to hold. */
export type ScreenCheck = (screen: Screen) => string | undefined;

/** One state of the terminal: its visible lines and how many lines have scrolled off the top. */
export interface Screen {
  lines: string[];
  /** Lines scrolled into the scrollback: 0 for a program that never scrolls the terminal. */
  scrolled: number;
}

/** A program running in a pseudo-terminal, its output read into a terminal emulator's screen. */
export interface PtyProgram {
  /** The terminal's screen now. */
  screen(): Screen;
  /** Resolves with the first screen that satisfies `predicate`; fails once the program exits or `timeoutMs` passes. */
  waitForScreen(predicate: (screen: Screen) => boolean, timeoutMs: number, what: string): Promise<Screen>;
  /** From now on, checks every screen drawn (after each chunk of output); the failures it found. */
  checkEveryScreen(check: ScreenCheck): { failures: string[] };
  /** Ctrl-C typed at the keyboard: the terminal sends SIGINT to the program. */
  typeCtrlC(): void;
  /** The program's exit code once it has ended; fails after `timeoutMs`. */
  finished(timeoutMs: number): Promise<number | null>;
  /** Clean-up after a failed test: SIGKILL to the whole process group. */
  kill(): void;
}

/** `'…'` for a POSIX shell. */
const quote = (word: string) => `'${word.replaceAll("'", `'\\''`)}'`;

/**
 * Runs `command` in a pseudo-terminal of `size`, as a user's terminal would: util-linux `script`
 * allocates it (no native module needed), `stty` gives it its size, and @xterm/headless plays
 * the output into a screen. Screens are checked as the output is parsed, not on a timer.
 */
export function startInPty(
  command: readonly string[],
  size: TerminalSize,
  env: NodeJS.ProcessEnv,
): PtyProgram {
  const shell = `stty rows ${size.rows} cols ${size.columns} && exec ${command.map(quote).join(" ")}`;
  const child: ChildProcess = spawn("script", ["-q", "-e", "-c", shell, "/dev/null"], {
    cwd: REPO_ROOT,
    env: { ...env, TERM: "xterm-256color" },
    detached: true,
    stdio: ["pipe", "pipe", "pipe"],
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error("script did not start");
  const terminal = new xterm.Terminal({ cols: size.columns, rows: size.rows, allowProposedApi: true });
  const checks: { check: ScreenCheck; failures: string[] }[] = [];
  const waiters = new Set<() => void>();
  let exit: number | null | undefined;
  let errors = "";

  const screen = (): Screen => {
    const buffer = terminal.buffer.active;
    const lines = Array.from(
      { length: size.rows },
      (_, i) => buffer.getLine(buffer.viewportY + i)?.translateToString(true) ?? "",
    );
    return { lines, scrolled: buffer.baseY };
  };
  const parsed = () => {
    const now = screen();
    for (const { check, failures } of checks) {
      const failure = check(now);
      if (failure !== undefined && failures.length < 5) failures.push(failure);
    }
    for (const wake of [...waiters]) wake();
  };
  child.stdout?.on("data", (chunk: Buffer) => terminal.write(chunk, parsed));
  child.stderr?.on("data", (chunk: Buffer) => {
    errors += chunk;
  });
  child.on("exit", (code) => {
    exit = code;
    for (const wake of [...waiters]) wake();
  });

  return {
    screen,
    waitForScreen: (predicate, timeoutMs, what) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => settle(), timeoutMs);
        const settle = () => {
          const now = screen();
          if (predicate(now)) {
            done();
            resolve(now);
          } else if (exit !== undefined || Date.now() >= deadline) {
            done();
            const why = exit !== undefined ? `the program exited (${exit})` : `${timeoutMs} ms passed`;
            reject(new Error(`${why} before ${what}; screen:\n${now.lines.join("\n")}\n${errors}`));
          }
        };
        const deadline = Date.now() + timeoutMs;
        const done = () => {
          clearTimeout(timer);
          waiters.delete(settle);
        };
        waiters.add(settle);
        settle();
      }),
    checkEveryScreen: (check) => {
      const entry = { check, failures: [] as string[] };
      checks.push(entry);
      return entry;
    },
    typeCtrlC: () => child.stdin?.write("\x03"),
    finished: (timeoutMs) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`still running after ${timeoutMs} ms`)), timeoutMs);
        const wake = () => {
          if (exit === undefined) return;
          clearTimeout(timer);
          waiters.delete(wake);
          resolve(exit);
        };
        waiters.add(wake);
        wake();
      }),
    kill: () => {
      try {
        process.kill(-pid, "SIGKILL");
      } catch {
        // The group is gone.
      }
      terminal.dispose();
    },
  };
}
