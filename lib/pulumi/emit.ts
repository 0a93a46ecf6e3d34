import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { CalicoInstall, KubeObject, buildPasswordSecret } from '../calico';

/**
 * Emits an object built by the core as a typed `@pulumi/kubernetes` resource: `core.v1.Secret`,
 * `rbac.v1.Role`, `rbac.v1.RoleBinding`, and `apiextensions.CustomResource` for the Calico kinds.
 * The shape comes from the core builder; this only picks the resource class. `metadata.name` is
 * always set by the core, so the provider does not auto-name (names stay what calico-node reads).
 *
 * @internal
 */
export function emitObject(name: string, obj: KubeObject, opts: pulumi.CustomResourceOptions): pulumi.CustomResource {
  // The SDK's arg types are structurally what the core builds; the cast only drops `readonly`.
  const args: unknown = obj;
  switch (`${obj.apiVersion}/${obj.kind}`) {
    case 'v1/Secret':
      return new k8s.core.v1.Secret(name, args as k8s.core.v1.SecretArgs, opts);
    case 'rbac.authorization.k8s.io/v1/Role':
      return new k8s.rbac.v1.Role(name, args as k8s.rbac.v1.RoleArgs, opts);
    case 'rbac.authorization.k8s.io/v1/RoleBinding':
      return new k8s.rbac.v1.RoleBinding(name, args as k8s.rbac.v1.RoleBindingArgs, opts);
    default:
      return new k8s.apiextensions.CustomResource(name, args as k8s.apiextensions.CustomResourceArgs, opts);
  }
}

/** The password Secret of {@link emitPasswordSecret}. @internal */
export interface PasswordSecretToEmit {
  readonly name: string;
  readonly install: CalicoInstall;
  readonly stringData: Readonly<Record<string, pulumi.Output<string>>>;
}

/**
 * Emits the password Secret the core builds (`<name>-secret`), its whole `stringData` marked a
 * Pulumi secret, so the engine stores and shows it encrypted whatever the provider marks.
 *
 * @internal
 */
export function emitPasswordSecret(name: string, secret: PasswordSecretToEmit, parent: pulumi.Resource):
k8s.core.v1.Secret {
  const obj = buildPasswordSecret(secret);
  return emitObject(`${name}-secret`, { ...obj, stringData: pulumi.secret(obj.stringData) }, { parent }) as k8s.core.v1.Secret;
}
