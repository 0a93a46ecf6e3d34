/**
 * One problem found by a check: which field, which rule, and a sentence a user can act on.
 * A problem never carries a password value.
 */
export interface Problem {
  /** The field or prop the problem is about, e.g. `spec.peerIP` or `length`. */
  readonly field: string;
  /** A short, stable identifier of the rule that was broken, e.g. `password.max-bytes`. */
  readonly rule: string;
  /** A full sentence: what is wrong, why, and how to fix it. */
  readonly message: string;
}

/** Thrown when one or more problems are found before anything is written. */
export class ValidationError extends Error {
  /** Every problem found (not only the first). */
  public readonly problems: readonly Problem[];

  constructor(problems: readonly Problem[], context?: string) {
    super(formatProblems(problems, context));
    this.name = 'ValidationError';
    this.problems = problems;
  }
}

/** Formats problems as `context: message` lines, one per problem. */
export function formatProblems(problems: readonly Problem[], context?: string): string {
  const prefix = context ? `${context}: ` : '';
  return problems.map((p) => `${prefix}${p.message}`).join('\n');
}

/** Throws a {@link ValidationError} when `problems` is not empty. */
export function throwIfProblems(problems: readonly Problem[], context?: string): void {
  if (problems.length > 0) throw new ValidationError(problems, context);
}

/**
 * Runs `fn`; a {@link ValidationError} it throws becomes problems added to `problems` (so that every
 * problem of a unit is reported at once) and the result `undefined`; anything else propagates.
 *
 * @internal
 */
export function capture<T>(problems: Problem[], fn: () => T): T | undefined {
  try {
    return fn();
  } catch (e) {
    if (e instanceof ValidationError) {
      problems.push(...e.problems);
      return undefined;
    }
    throw e;
  }
}

/** @internal */
export function problem(field: string, rule: string, message: string): Problem {
  return { field, rule, message };
}
