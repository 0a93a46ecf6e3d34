/**
 * Assertions for the Pulumi tests that never print a password: failure messages name the field and
 * the resource, not the value.
 */
import * as pulumi from '@pulumi/pulumi';
import { expect } from 'vitest';
import { MockStack, Registration, TYPES, isSecretValue, plainStrings } from './mock-stack';
import { validateObject } from '../../support/crd-validator';

/** Fails (without showing either value) unless `a === b`. */
export function expectSamePassword(a: string | undefined, b: string | undefined, what: string): void {
  if (a === undefined || b === undefined || a !== b) throw new Error(`${what}: the passwords differ (or one is missing).`);
}

/** Fails (without showing either value) if `a === b`. */
export function expectDifferentPasswords(a: string, b: string, what: string): void {
  if (a === b) throw new Error(`${what}: the passwords are equal.`);
}

/** The Secret's `stringData` as sent to the engine: it must be one secret marker around the whole map. */
export function secretStringData(reg: Registration): Record<string, string> {
  const raw = reg.raw.stringData;
  if (!isSecretValue(raw)) throw new Error(`Secret ${reg.name}: 'stringData' is not marked secret in the registration.`);
  return raw.value as Record<string, string>;
}

/** Every Kubernetes object of the stack validates against the vendored CRDs (with CEL) or the Kubernetes models. */
export function expectObjectsValid(stack: MockStack): void {
  const objects = stack.kubeObjects();
  expect(objects.length).toBeGreaterThan(0);
  for (const obj of objects) {
    const errors = validateObject(obj);
    expect(errors, `${obj.kind} ${obj.metadata?.name}`).toEqual([]);
  }
}

/**
 * No password appears outside a secret marker: not in any resource's inputs (the Secret's stringData
 * is one marker), any component's registered outputs, any resource name or URN.
 */
export function expectNoPlainPassword(stack: MockStack, passwords: readonly string[]): void {
  const leaks: string[] = [];
  for (const reg of stack.registrations) {
    for (const { path, value } of plainStrings(reg.raw)) {
      if (passwords.some((p) => value.includes(p))) leaks.push(`${reg.type} ${reg.name}: input ${path}`);
    }
    if (passwords.some((p) => reg.name.includes(p) || reg.urn.includes(p))) leaks.push(`${reg.type}: name or URN`);
  }
  for (const [urn, outputs] of stack.componentOutputs) {
    for (const { path } of plainStrings(outputs).filter(({ value }) => passwords.some((p) => value.includes(p)))) leaks.push(`${urn}: output ${path}`);
  }
  expect(leaks).toEqual([]);
}

/** The registered children of a component, by type. */
export function childrenOf(stack: MockStack, parentUrn: string): Registration[] {
  return stack.registrations.filter((r) => r.parent === parentUrn);
}

export { TYPES };

/**
 * Runs `fn` with the process's unhandled-rejection listeners replaced by a collector: a value that
 * fails its check inside an `apply` rejects every resource input built from it, which in a real
 * `pulumi up` fails the deployment (the language host exits on them) and here must not fail the
 * test run. Returns the collected errors.
 */
export async function collectingUnhandled(fn: () => Promise<void>): Promise<unknown[]> {
  const saved = process.listeners('unhandledRejection');
  const seen: unknown[] = [];
  const collect = (reason: unknown) => { seen.push(reason); };
  process.removeAllListeners('unhandledRejection');
  process.on('unhandledRejection', collect);
  try {
    await fn();
    await new Promise((r) => setTimeout(r, 50));
  } finally {
    process.removeListener('unhandledRejection', collect);
    for (const l of saved) process.on('unhandledRejection', l);
  }
  return seen;
}

/** The rejection of an Output, or undefined when it resolves. */
export async function rejectionOf(output: pulumi.Output<unknown>): Promise<unknown> {
  try {
    await (output as unknown as { promise(): Promise<unknown> }).promise();
    return undefined;
  } catch (e) {
    return e;
  }
}
