// `npm run build`: the dashboard's page into packages/dashboard/dist.
import { stat } from "node:fs/promises";
import { join } from "node:path";
import { buildDashboard } from "./bundle.ts";

const page = await buildDashboard();
for (const file of Object.values(page.files)) {
  const { size } = await stat(join(page.outdir, file));
  console.log(`dashboard: ${join(page.outdir, file)} ${(size / 1024).toFixed(1)} KB`);
}
