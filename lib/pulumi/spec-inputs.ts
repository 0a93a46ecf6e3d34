import * as pulumi from '@pulumi/pulumi';
import { problemsOfKnownFields } from '../calico';
import { Problem, ValidationError } from '../errors';

/**
 * A Calico spec whose every field is a `pulumi.Input`: a plain value, a promise, or an `Output`
 * such as another resource's output (`peerIP: router.privateIp`) or a config value.
 */
export type SpecInputs<S> = { readonly [K in keyof S]: pulumi.Input<S[K]> };

/** A unit's spec, split by when its fields are known. @internal */
export interface UnitSpec<S> {
  /** The spec as given. */
  readonly inputs: SpecInputs<S>;
  /** The fields known at construction. */
  readonly known: S;
  /** Whether every field is known at construction (then `known` is the whole spec). */
  readonly complete: boolean;
}

/** Whether an input is known only at deployment: an `Output` or a promise. @internal */
export function isDeferred(value: unknown): boolean {
  return pulumi.Output.isInstance(value) || value instanceof Promise;
}

/**
 * Splits a unit's spec into the fields known at construction (plain values) and the rest (an
 * `Output` or a promise). Check it with {@link problemsAtConstruction}, then, if that found
 * nothing, create the checked complete spec with {@link checkedSpec}.
 *
 * @internal
 */
export function splitSpec<S>(inputs: SpecInputs<S>): UnitSpec<S> {
  const entries = Object.entries(inputs as Record<string, unknown>);
  if (entries.every(([, v]) => !isDeferred(v))) return { inputs, known: inputs as S, complete: true };
  return { inputs, known: Object.fromEntries(entries.filter(([, v]) => !isDeferred(v))) as S, complete: false };
}

/**
 * The problems a unit's complete check (`check`: name, spec, Secret, install) finds at
 * construction: all of them when every field is known; otherwise, run on the known fields, those
 * that hold whatever the later fields turn out to be (the core's `problemsOfKnownFields`).
 *
 * @internal
 */
export function problemsAtConstruction<S>(spec: UnitSpec<S>, check: (spec: S) => Problem[]): Problem[] {
  const problems = check(spec.known);
  return spec.complete ? problems : problemsOfKnownFields(problems);
}

/**
 * The complete spec once every field is known, after the unit's complete check; undefined when
 * every field is known at construction (checked there). This is the one `Output` every consumer
 * (the Calico object, the router side) derives from, so a problem fails the deployment once: it
 * rejects with the ValidationError the construction would have thrown (the same sentences, after
 * `owner`), before the Calico object is written. The value of a secret field never appears in a
 * message: it is replaced by `[secret]`.
 *
 * @internal
 */
export function checkedSpec<S>(spec: UnitSpec<S>, check: (spec: S) => Problem[], owner: string):
pulumi.Output<S> | undefined {
  if (spec.complete) return undefined;
  return pulumi.output(spec.inputs).apply(async (resolved) => {
    const complete = resolved as S;
    const problems = check(complete);
    if (problems.length === 0) return complete;
    const hidden = await secretValues(spec.inputs, complete as Record<string, unknown>);
    throw new ValidationError(hidden.length === 0 ? problems : problems.map((p) => redact(p, hidden)), owner);
  });
}

/** The text of every secret field's value (strings and numbers, in arrays and objects too). */
async function secretValues<S>(inputs: SpecInputs<S>, spec: Record<string, unknown>): Promise<string[]> {
  const texts: string[] = [];
  for (const [key, input] of Object.entries(inputs as Record<string, unknown>)) {
    if (pulumi.Output.isInstance(input) && await pulumi.isSecret(input)) texts.push(...textsOf(spec[key]));
  }
  // Longest first, so a value containing another is replaced whole.
  return texts.filter((t) => t !== '').sort((a, b) => b.length - a.length);
}

function textsOf(value: unknown): string[] {
  if (typeof value === 'string' || typeof value === 'number') return [String(value)];
  if (Array.isArray(value)) return value.flatMap(textsOf);
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(textsOf);
  return [];
}

function redact(p: Problem, hidden: readonly string[]): Problem {
  return { ...p, message: hidden.reduce((m, t) => m.split(t).join('[secret]'), p.message) };
}
