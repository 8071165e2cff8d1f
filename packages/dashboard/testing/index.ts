// Test support for the page, shared by its tests and `npm run bench -- dashboard`.
export { artifactsDir, CHROMIUM_PATH, launchChromium } from "./browser.ts";
export {
  type ClassOptions,
  classSpecs,
  FIXTURE_NOW,
  type ParticipantSpec,
  STUCK_THRESHOLD_SECONDS,
} from "./class-specs.ts";
export { type BoardRequest, type FakeApi, type FakeApiOptions, startFakeApi } from "./fake-api.ts";
export { accountOf, type BoardOptions, boardOf, classBoard } from "./fixtures.ts";
