import { Problem, problem } from '../errors';
import { deriveName } from '../calico';

/** The annotation recording which rotation an object belongs to (never secret). */
export const ROTATION_ANNOTATION = 'calico-bgp-auth/rotation';

/**
 * The Secret name of a generator-backed password at `rotation`: `base` itself at rotation 0 (so a
 * first deployment keeps the name a plain Secret would have), `<base>-r<N>` after that.
 *
 * Rotation goes through a new name because the generated Secret is immutable and its ExternalSecret
 * syncs once (`refreshPolicy: CreatedOnce`): nothing rewrites an existing generated password, so a
 * new password needs a new Secret, which the peer then references.
 */
export function rotatedSecretName(base: string, rotation: number): string {
  return rotation === 0 ? base : deriveName([base, `r${rotation}`]);
}

/** Problems of a `rotation` input: a non-negative integer. */
export function checkRotation(field: string, rotation: number | undefined): Problem[] {
  if (rotation === undefined || (Number.isSafeInteger(rotation) && rotation >= 0)) return [];
  return [problem(field, 'rotation.integer',
    `'${field}' (${rotation}) must be a non-negative integer; bump it by one to rotate the password.`)];
}

/** Problems of a `prepareRotation` input: an integer above `rotation`. */
export function checkPrepareRotation(field: string, prepare: number | undefined, rotation: number): Problem[] {
  if (prepare === undefined) return [];
  const problems = checkRotation(field, prepare);
  if (problems.length === 0 && prepare <= rotation) {
    problems.push(problem(field, 'rotation.prepare-order',
      `'${field}' (${prepare}) must be greater than 'rotation' (${rotation}): it stages the next password before the peer switches to it.`));
  }
  return problems;
}
