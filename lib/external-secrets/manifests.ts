import { CalicoInstall, KubeObject, LIBRARY_LABELS, PASSWORD_SECRET_LABEL, SecretKeyRef } from '../calico';
import { PasswordGeneratorSpec } from './generator-spec';
import { ROTATION_ANNOTATION } from './rotation';

/**
 * ExternalSecret's API: `external-secrets.io/v1` is served and stored since external-secrets v0.16.0;
 * `v1beta1` is not served since v0.17.0 (crds/external-secrets/README.md).
 */
export const EXTERNAL_SECRET_API_VERSION = 'external-secrets.io/v1';
/** The Password generator's API, its only version since external-secrets v0.7.0. */
export const PASSWORD_GENERATOR_API_VERSION = 'generators.external-secrets.io/v1alpha1';

/** A reference to the user's SecretStore or ClusterSecretStore. */
export interface SecretStoreRef {
  /** The store's name. */
  readonly name: string;
  /** The store's kind. @default "SecretStore" */
  readonly kind?: 'SecretStore' | 'ClusterSecretStore';
}

/** Which value of the user's store holds the password. */
export interface RemoteRef {
  /** The key in the provider (e.g. a Vault path or a cloud secret's name). */
  readonly key: string;
  /** The property of a structured value (e.g. a JSON field). @default the whole value */
  readonly property?: string;
  /**
   * The provider's version of the value; pinning it makes a rotation a change of this file.
   * @default the latest version
   */
  readonly version?: string;
}

/** The labels of the Secret the ExternalSecret materialises: the library's and the password label. */
function targetLabels(): Record<string, string> {
  return { ...LIBRARY_LABELS, [PASSWORD_SECRET_LABEL]: 'true' };
}

/** A namespaced `Password` generator in calico-node's namespace, with every field explicit. */
export function buildPasswordGenerator(props: {
  readonly name: string;
  readonly install: CalicoInstall;
  readonly spec: PasswordGeneratorSpec;
}): KubeObject {
  return {
    apiVersion: PASSWORD_GENERATOR_API_VERSION,
    kind: 'Password',
    // A namespaced generator is only visible to ExternalSecrets of its own namespace.
    metadata: { name: props.name, namespace: props.install.namespace, labels: { ...LIBRARY_LABELS } },
    spec: { ...props.spec },
  };
}

/**
 * The ExternalSecret that materialises a generated password once, as the Secret and key the Calico
 * object references. The settings, from the v2.9.0 CRD (crds/external-secrets/) and the
 * controller's behaviour (pkg/controllers/externalsecret/externalsecret_controller.go):
 *
 * - `refreshPolicy: CreatedOnce` (since v0.16.0): sync only while the ExternalSecret's status
 *   records no sync. Without it the CRD defaults `refreshInterval` to `1h0m0s` and the generator,
 *   which keeps no state, writes a new password every hour: every session would reset hourly.
 * - `refreshInterval: 0s`: a second guard; under `Periodic` (or if `refreshPolicy` were dropped)
 *   a zero interval never refreshes after the first sync, and the controller never requeues.
 * - `target.immutable: true`: the controller never rewrites the data of an existing immutable
 *   Secret, which is the only guard against the syncs it runs whatever the policy: the
 *   ExternalSecret deleted and re-created (its status resets: external-secrets#6640), the managed
 *   label removed or the data-hash annotation no longer matching (as after the 0.16.1 to 0.16.2
 *   upgrade changed the hash, external-secrets#4756). The password survives; the ExternalSecret
 *   may report an error instead.
 * - `target.creationPolicy: Orphan`: no ownerReference, so deleting the ExternalSecret (a GitOps
 *   prune, a re-create) keeps the Secret. With `Owner` it would be garbage-collected and
 *   calico-node would render the peering without a password (fail-open) until a new, different
 *   password were generated.
 * - `target.deletionPolicy: Retain` and the template's `mergePolicy: Replace`, written out so no
 *   default applies; the key is `template.data` (`{{ .password }}`, Go text/template: no escaping).
 *
 * What still regenerates: deleting the Secret itself (a new, different password is written). A
 * rotation therefore uses a new Secret name ({@link rotatedSecretName}); immutability would refuse
 * an in-place change anyway.
 */
export function buildGeneratorExternalSecret(props: {
  readonly name: string;
  readonly install: CalicoInstall;
  readonly secretKeyRef: SecretKeyRef;
  readonly generatorName: string;
  readonly rotation: number;
}): KubeObject {
  const rotation = { [ROTATION_ANNOTATION]: String(props.rotation) };
  return {
    apiVersion: EXTERNAL_SECRET_API_VERSION,
    kind: 'ExternalSecret',
    metadata: {
      name: props.name,
      namespace: props.install.namespace,
      labels: { ...LIBRARY_LABELS },
      annotations: rotation,
    },
    spec: {
      refreshPolicy: 'CreatedOnce',
      refreshInterval: '0s',
      target: {
        name: props.secretKeyRef.name,
        creationPolicy: 'Orphan',
        deletionPolicy: 'Retain',
        immutable: true,
        template: {
          type: 'Opaque',
          engineVersion: 'v2',
          mergePolicy: 'Replace',
          metadata: { labels: targetLabels(), annotations: rotation },
          data: { [props.secretKeyRef.key]: '{{ .password }}' },
        },
      },
      // Only the generator in this ExternalSecret: another source's refresh would regenerate it
      // (external-secrets#2377).
      dataFrom: [
        {
          sourceRef: {
            generatorRef: { apiVersion: PASSWORD_GENERATOR_API_VERSION, kind: 'Password', name: props.generatorName },
          },
        },
      ],
    },
  };
}

/**
 * The ExternalSecret that copies a password from the user's store into the Secret and key the
 * Calico object references. The settings:
 *
 * - `refreshPolicy: OnChange` unless `refreshInterval` is given: the Secret follows the store only
 *   when this ExternalSecret changes (a new `remoteRef.version`, a new `rotation` annotation), so the
 *   session resets when you apply the change, not at a random refresh. With `refreshInterval` it is
 *   `Periodic`: a store change reaches calico-node within the interval, whenever that falls.
 * - `target.creationPolicy: Orphan`: deleting the ExternalSecret keeps the Secret (no fail-open).
 * - `target.deletionPolicy: Retain`: a value missing from the store keeps the Secret as it is,
 *   instead of deleting it and letting calico-node render the peering without a password.
 * - no `immutable`: a rotation through the store must be able to update the Secret.
 */
export function buildStoreExternalSecret(props: {
  readonly name: string;
  readonly install: CalicoInstall;
  readonly secretKeyRef: SecretKeyRef;
  readonly store: SecretStoreRef;
  readonly remoteRef: RemoteRef;
  readonly rotation: number;
  readonly refreshInterval?: string;
}): KubeObject {
  const { key, property, version } = props.remoteRef;
  const remoteRef = {
    key,
    ...(property !== undefined ? { property } : {}),
    ...(version !== undefined ? { version } : {}),
  };
  const refresh = props.refreshInterval === undefined
    ? { refreshPolicy: 'OnChange' }
    : { refreshPolicy: 'Periodic', refreshInterval: props.refreshInterval };
  return {
    apiVersion: EXTERNAL_SECRET_API_VERSION,
    kind: 'ExternalSecret',
    metadata: {
      name: props.name,
      namespace: props.install.namespace,
      labels: { ...LIBRARY_LABELS },
      annotations: { [ROTATION_ANNOTATION]: String(props.rotation) },
    },
    spec: {
      ...refresh,
      secretStoreRef: { name: props.store.name, kind: props.store.kind ?? 'SecretStore' },
      target: {
        name: props.secretKeyRef.name,
        creationPolicy: 'Orphan',
        deletionPolicy: 'Retain',
        // No template data: the Secret holds `data[]` as fetched, byte for byte.
        template: { type: 'Opaque', engineVersion: 'v2', mergePolicy: 'Replace', metadata: { labels: targetLabels() } },
      },
      data: [{ secretKey: props.secretKeyRef.key, remoteRef }],
    },
  };
}
