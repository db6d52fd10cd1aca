import { z } from "zod";

/**
 * zod for every schema of the project: import `z` from here, not from "zod", so the setting below
 * holds before the first schema is built.
 *
 * jitless: by default zod v4 writes a parser for each object schema with `new Function` the first
 * time that schema parses, which pays back only over thousands of parses. The synth parses each
 * environment file once, and the schemas' defaults (`schema.default(schema.parse({}))`) parse once
 * at import, so compiling those parsers cost about 100 ms of every synth. zod's interpreted path
 * gives the same values and the same issues (it is what zod uses where `new Function` is refused).
 * A global setting, and only read when a schema is built: hence this module.
 */
z.config({ jitless: true });

export { z };
