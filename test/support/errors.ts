import { ValidationError } from '../../lib/errors';

/** The ValidationError `fn` throws at once (failing the test when it throws nothing or something else). */
export function validationError(fn: () => unknown): ValidationError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ValidationError) return e;
    throw e;
  }
  throw new Error('expected a ValidationError');
}
