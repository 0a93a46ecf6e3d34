import { ApiObject, ApiObjectProps, JsonPatch, Lazy, Names } from 'cdk8s';
import { Construct } from 'constructs';
import { KubeObject, deriveName } from '../calico';

// The ApiObjects this library emitted as cluster-scoped; the app-wide name check reads their
// namespace from here, because `ApiObject.metadata.namespace` still holds the Chart's.
const CLUSTER_SCOPED = new WeakSet<ApiObject>();

/**
 * Emits an object built by the core as a cdk8s `ApiObject`. The shape comes from the core builder;
 * this only adapts it. A cluster-scoped object (no namespace in the plan: BGPPeer,
 * BGPConfiguration) would inherit the namespace of a Chart that has one (cdk8s `ApiObject` sets
 * `metadata.namespace ?? chart.namespace`), so it is removed again with a JSON patch.
 *
 * @internal
 */
export function emitObject(scope: Construct, id: string, obj: KubeObject,
  overrides?: Record<string, unknown>): ApiObject {
  const api = new ApiObject(scope, id, (overrides ? { ...obj, ...overrides } : obj) as unknown as ApiObjectProps);
  if (obj.metadata.namespace === undefined) {
    CLUSTER_SCOPED.add(api);
    if (api.metadata.namespace !== undefined) api.addJsonPatch(JsonPatch.remove('/metadata/namespace'));
  }
  return api;
}

/** The namespace an ApiObject is written with (undefined for cluster-scoped objects). @internal */
export function writtenNamespace(api: ApiObject): string | undefined {
  return CLUSTER_SCOPED.has(api) ? undefined : api.metadata.namespace;
}

/**
 * A password for a Secret's data, or, when the source could not produce one (its problems fail
 * validation), a value that refuses to serialize, so that an unvalidated `chart.toJson()` never
 * writes an empty password.
 *
 * @internal
 */
export function passwordOrRefusal(value: string | undefined, scope: Construct): unknown {
  if (value !== undefined) return value;
  return Lazy.any({
    produce: () => {
      throw new Error(`The password of ${scope.node.path} could not be produced; validate the app (app.synth()) to see why.`);
    },
  });
}

/**
 * A stable object name from the construct path: cdk8s's `Names.toDnsLabel` (path components and a
 * hash, at most 63 characters), made a DNS-1123 name by the core's `deriveName` (`toDnsLabel` keeps
 * `_`, which Kubernetes refuses).
 *
 * @internal
 */
export function nameFromPath(scope: Construct): string {
  return deriveName([Names.toDnsLabel(scope)], 63);
}
