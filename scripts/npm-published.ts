import { execFileSync } from "child_process";

/**
 * The day (YYYY-MM-DD) the npm registry published `pkg@version`: the generated lists record it beside
 * the version they were taken from. Exits with one line when the registry cannot say (offline).
 */
export function npmPublishedDate(pkg: string, version: string): string {
  try {
    const time = JSON.parse(execFileSync("npm", ["view", `${pkg}@${version}`, "time", "--json"], { encoding: "utf8" }));
    return String(time[version]).slice(0, 10);
  } catch (error) {
    console.error(
      `cannot read the publication date of ${pkg} ${version} from the npm registry: ${(error as Error).message.split("\n")[0]}`,
    );
    process.exit(1);
  }
}
