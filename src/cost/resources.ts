import { Resource, StackView } from "../synthesized/types";
import { HOURS_PER_MONTH } from "./prices/types";

/** Every resource of `type` across the environment's stacks. */
export const resourcesOf = (stacks: readonly StackView[], type: string): Resource[] => stacks.flatMap((stack) => stack.resources(type));

/** A price per hour over a month, for `count` of them. */
export const monthlyOf = (hourly: number, count = 1): number => hourly * HOURS_PER_MONTH * count;

/** The resource a `${type.name.attr}` reference points at, in the same stack. */
export function referenced(stacks: readonly StackView[], from: Resource, reference: unknown): Resource | undefined {
  const match = typeof reference === "string" ? /^\$\{([\w-]+)\.([\w-]+)\.[\w.[\]]+\}$/.exec(reference) : null;
  if (!match) return undefined;
  return stacks
    .find((s) => s.name === from.stack)
    ?.resources(match[1])
    .find((r) => r.name === match[2]);
}

/** "1 key", "3 keys". */
export const plural = (count: number, one: string, many = `${one}s`): string => `${count} ${count === 1 ? one : many}`;
