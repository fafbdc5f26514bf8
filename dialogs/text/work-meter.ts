/**
 * What a reader of citizens' text examined (characters, words, label words compared), counted when a caller
 * passes a meter. Every reader's work must grow at most linearly with the text whatever is sent: tests count
 * it here rather than time it, so the bound holds on any machine.
 */
export interface WorkMeter {
  steps: number;
}

/** Adds `steps` to the meter, if there is one. */
export function count(meter: WorkMeter | undefined, steps: number): void {
  if (meter) meter.steps += steps;
}
