import * as pulumi from '@pulumi/pulumi';

// Which Kubernetes provider (which cluster) a component's objects go to. The components check
// their composition before they register anything, so this reads the resource options the way the
// SDK's Resource constructor resolves them (@pulumi/pulumi resource.ts, 3.248): the `provider`
// option, then a matching provider in `providers`, then the provider the parent passes down.
// `undefined` stands for the default provider (the ambient kubeconfig's cluster).

const PACKAGE = 'kubernetes';

/** What the SDK keeps on a provider (public in its JavaScript, not in its typings). */
interface ProviderInternals {
  getPackage?: () => string;
  __name?: string;
}

function packageOf(p: pulumi.ProviderResource): string | undefined {
  return (p as unknown as ProviderInternals).getPackage?.();
}

/**
 * The Kubernetes provider the children of a component (or a custom resource) with `opts` use;
 * undefined for the default provider.
 *
 * @internal
 */
export function kubernetesProviderOf(opts: pulumi.ComponentResourceOptions | pulumi.CustomResourceOptions | undefined):
pulumi.ProviderResource | undefined {
  if (opts?.provider && packageOf(opts.provider) === PACKAGE) return opts.provider;
  const providers = (opts as pulumi.ComponentResourceOptions | undefined)?.providers;
  if (providers) {
    const found = Array.isArray(providers) ? providers.find((p) => packageOf(p) === PACKAGE) : providers[PACKAGE];
    if (found) return found;
  }
  return opts?.parent?.getProvider(`${PACKAGE}::`);
}

/**
 * A provider as messages name it: `provider 'prod'` (its resource name), or `the default Kubernetes provider`.
 *
 * @internal
 */
export function describeProvider(p: pulumi.ProviderResource | undefined): string {
  if (p === undefined) return 'the default Kubernetes provider';
  const name = (p as unknown as ProviderInternals).__name;
  return name ? `provider '${name}'` : 'another Kubernetes provider';
}
