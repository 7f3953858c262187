/**
 * The command queue: commands run one after another in arrival order (so `reset` then `start`
 * cannot interleave), except the run controls, which act at once even while a long request
 * such as an evaluation is being served. `start` only schedules the run, so it never blocks.
 */
import type { TrainerCommand } from '../protocol';

/** Commands that bypass the queue. */
export const IMMEDIATE_COMMANDS: ReadonlySet<TrainerCommand['type']> = new Set<TrainerCommand['type']>([
  'pause',
  'resume',
  'step',
  'stop',
  'debug-lose-context',
]);

/** Wraps `handle` so queued commands run in order; the returned promise settles when `command` has. */
export function createCommandQueue(
  handle: (command: TrainerCommand) => Promise<void>,
): (command: TrainerCommand) => Promise<void> {
  let queue: Promise<void> = Promise.resolve();
  return (command) => {
    if (IMMEDIATE_COMMANDS.has(command.type)) return handle(command);
    const next = queue.then(() => handle(command));
    queue = next.catch(() => {});
    return next;
  };
}
