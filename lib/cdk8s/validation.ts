import { ApiObject } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { writtenNamespace } from './emit';
import { declareDisturbedUnits } from './ordering';
import { KubeObject, checkNameCollisions, objectIdentity } from '../calico';
import { Problem } from '../errors';

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
 * kind, namespace and name (the later one would overwrite the earlier on apply), with the core's
 * `checkNameCollisions`. It runs on every `ApiObject` of the app, ours or not. The same pass
 * declares the dependencies of the units something outside depends on (ordering.ts): cdk8s
 * validates the app before it orders any chart.
 */
function registerAppChecks(scope: Construct): void {
  const root = scope.node.root;
  if (CHECKED_APPS.has(root)) return;
  CHECKED_APPS.add(root);
  scope.node.addValidation({
    validate: () => {
      const all = root.node.findAll();
      declareDisturbedUnits(all);
      return nameCollisionMessages(root, all);
    },
  });
}

// The last answer per app: see bench/README.md, "cdk8s: one name check per app and synth".
type LastCheck = { readonly apiObjects: readonly ApiObject[]; readonly messages: string[] };
const LAST_CHECK = new WeakMap<IConstruct, LastCheck>();

function nameCollisionMessages(root: IConstruct, all: readonly IConstruct[]): string[] {
  const apiObjects = all.filter((c): c is ApiObject => ApiObject.isApiObject(c));
  // An ApiObject's apiVersion, kind, name and namespace are fixed at construction: the same objects
  // in the same order give the same answer as last time.
  const last = LAST_CHECK.get(root);
  const same = (a: readonly ApiObject[]) => a.length === apiObjects.length && a.every((o, i) => o === apiObjects[i]);
  if (last && same(last.apiObjects)) return [...last.messages];
  const seen = new Set<string>();
  let collides = false;
  for (const api of apiObjects) {
    const id = objectIdentity(api.apiVersion, api.kind, writtenNamespace(api), api.name);
    if (seen.has(id)) collides = true;
    else seen.add(id);
  }
  // The objects and their emitters (construct paths), for the messages, only when some object collides.
  const messages = !collides ? [] : checkNameCollisions(apiObjects.map((api) => ({
    object: {
      apiVersion: api.apiVersion, kind: api.kind, metadata: { name: api.name, namespace: writtenNamespace(api) },
    } as KubeObject,
    emitter: api.node.path,
  }))).map((p) => p.message);
  LAST_CHECK.set(root, { apiObjects, messages });
  return [...messages];
}
