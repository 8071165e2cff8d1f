// `npm run build`: the dashboard's page into packages/dashboard/dist. `--quiet` (npm start)
// prints nothing: npm start's output is the CLI's.
import { stat } from "node:fs/promises";
import { join } from "node:path";
import { buildDashboard } from "./bundle.ts";

const page = await buildDashboard();
for (const file of process.argv.includes("--quiet") ? [] : Object.values(page.files)) {
  const { size } = await stat(join(page.outdir, file));
  console.log(`dashboard: ${join(page.outdir, file)} ${(size / 1024).toFixed(1)} KB`);
}
