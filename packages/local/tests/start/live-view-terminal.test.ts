import { describe, expect, it } from "vitest";
import { CLI, freePort, userEnv } from "./cli-process.ts";
import { type Screen, startInPty } from "./pty-terminal.ts";

const SIZE = { columns: 80, rows: 24 };
/** scenarios/class-one-account.yaml with participant-30's pod 2 failing its health check. */
const SCENARIO = "packages/local/tests/start/fixtures/class-with-stuck-pod.yaml";
/**
 * Simulated seconds per real second: participant-30 is stuck about 7 simulated minutes in, under
 * a minute of real time. Faster, a sweep of the class on a busy machine overruns its 50 s budget
 * (`discovery … deadline passed`) and records nothing.
 */
const SPEED = 8;
const TOKEN = "pty-test-token-0123456789";

const hasHeader = (screen: Screen) =>
  (screen.lines[0] ?? "").startsWith("targetwatch ") &&
  screen.lines.slice(0, 6).some((line) => line.startsWith("workshop default "));

describe("npm start's live view in an 80×24 terminal, through a class run", () => {
  it("keeps its header on screen, never scrolls, and names the stuck participant with AWS's reason", async () => {
    // Prepare
    const port = await freePort();
    const program = startInPty(
      [
        process.execPath,
        CLI,
        "--scenario",
        SCENARIO,
        "--speed",
        String(SPEED),
        "--in-memory",
        "--port",
        String(port),
      ],
      SIZE,
      userEnv({ TARGETWATCH_API_TOKEN: TOKEN }),
    );
    try {
      // Act: the view's first screen, then every screen until the whole class is there and one is stuck
      await program.waitForScreen(hasHeader, 60_000, "the live view's header");
      const everyScreen = program.checkEveryScreen((screen) =>
        !hasHeader(screen)
          ? `header gone:\n${screen.lines.join("\n")}`
          : screen.scrolled > 0
            ? `scrolled by ${screen.scrolled} lines:\n${screen.lines.join("\n")}`
            : undefined,
      );
      // More participants than rows: the table is cut, the header and the stuck line stay.
      const classThere = await program.waitForScreen(
        (screen) => screen.lines.some((line) => /^… \d+ more$/.test(line)),
        120_000,
        "more participants than fit",
      );
      const stuck = await program.waitForScreen(
        (screen) => screen.lines.some((line) => line.startsWith("STUCK participant-30 ")),
        150_000,
        "participant-30's stuck line",
      );

      // Assess
      expect(everyScreen.failures).toEqual([]);
      expect(classThere.lines[1]).toContain(`token ${TOKEN}`);
      expect(classThere.lines[1]).toMatch(/simulator http:\/\/127\.0\.0\.1:\d+/);
      const line = stuck.lines.find((l) => l.startsWith("STUCK participant-30 "));
      // The pod's IP, its state, for how long, and AWS's reason, within 80 columns.
      expect(line).toMatch(
        /^STUCK participant-30 10\.\d+\.\d+\.\d+ unhealthy \d+m\d\ds Target\.FailedHealthChecks$/,
      );
      expect(stuck.lines.every((l) => l.length <= SIZE.columns)).toBe(true);

      // Ctrl-C stops everything, as it does in a terminal.
      program.typeCtrlC();
      expect(await program.finished(30_000)).toBe(0);
    } finally {
      program.kill();
    }
  }, 240_000);
});
