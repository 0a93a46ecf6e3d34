import { ApiObject } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { writtenNamespace } from './objects';
import { KubeObject, findNameCollisions } from '../calico';
import { Problem, ValidationError } from '../errors';

/**
 * Runs `fn`; a {@link ValidationError} it throws becomes problems (reported by the construct's
 * validation, so every problem of the app shows at once), anything else propagates.
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

/**
 * Registers the construct's problems as a deferred validation. The messages are the core's
 * sentences; `cdk8s` prefixes each with `[<construct path>]` when it validates the app. A problem
 * never carries a password, so neither does the message.
 *
 * @internal
 */
export function addProblemValidation(scope: Construct, problems: () => readonly Problem[]): void {
  scope.node.addValidation({ validate: () => problems().map((p) => p.message) });
  registerAppChecks(scope);
}

const CHECKED_APPS = new WeakSet<IConstruct>();

/**
 * Adds, once per app, a check that no two objects of the app are written with the same API group,
 * kind, namespace and name (the later one would overwrite the earlier on apply), using the core's
 * `findNameCollisions`. It runs on every `ApiObject` of the app, ours or not.
 */
function registerAppChecks(scope: Construct): void {
  const root = scope.node.root;
  if (CHECKED_APPS.has(root)) return;
  CHECKED_APPS.add(root);
  scope.node.addValidation({ validate: () => nameCollisionMessages(root) });
}

function nameCollisionMessages(root: IConstruct): string[] {
  const apiObjects = root.node.findAll().filter((c): c is ApiObject => ApiObject.isApiObject(c));
  const described = apiObjects.map((api) => ({
    api,
    obj: { apiVersion: api.apiVersion, kind: api.kind, metadata: { name: api.name, namespace: writtenNamespace(api) } } as KubeObject,
  }));
  const seen = new Set<string>();
  const messages: string[] = [];
  for (const dup of findNameCollisions(described.map((d) => d.obj))) {
    const id = `${dup.kind}|${dup.namespace ?? ''}|${dup.name}`;
    if (seen.has(id)) continue;
    seen.add(id);
    const paths = described.filter((d) => d.obj.kind === dup.kind && d.obj.metadata.name === dup.name && d.obj.metadata.namespace === dup.namespace)
      .map((d) => d.api.node.path);
    const where = dup.namespace ? `'${dup.namespace}/${dup.name}'` : `'${dup.name}'`;
    messages.push(`${dup.kind} ${where} is emitted by more than one construct (${paths.join(', ')}); applying the output would let one overwrite the other. `
      + 'Give them distinct names (\'name\', \'secretName\'), or let the peers share one Secret through a BgpPasswordSecret.');
  }
  return messages;
}
