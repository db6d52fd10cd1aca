import { Rule } from "../types";
import { rule as s3PublicAccessBlock } from "./rw-s3-2-public-access-block";

/** Every rule of the pack, in the order of the docs table. */
export const RULES: readonly Rule[] = [s3PublicAccessBlock];
