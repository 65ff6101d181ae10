// Deleting a function only after the user typed its name: the check is here (not in the UI) so every
// entry point can word it the same.

/** Undefined when `typed` confirms `expected`, else what to tell the user (for an InputBox's validateInput). */
export function typedNameProblem(expected: string, typed: string | undefined): string | undefined {
  if (typed === undefined || typed.trim() === '') return `Type ${expected} to confirm.`;
  if (typed.trim() !== expected) return `That is not the function's name; type ${expected} exactly to delete it.`;
  return undefined;
}
