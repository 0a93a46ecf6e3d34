import * as path from 'node:path';
import { defineConfig } from 'vitest/config';

const lib = (p: string) => path.resolve(__dirname, 'lib', p);

export default defineConfig({
  resolve: {
    // Tests and examples import the package by its published name; resolve it to the sources.
    alias: [
      { find: /^calico-bgp-auth\/cdk8s$/, replacement: lib('cdk8s/index.ts') },
      { find: /^calico-bgp-auth\/pulumi\/testing$/, replacement: lib('pulumi/testing/index.ts') },
      { find: /^calico-bgp-auth\/pulumi$/, replacement: lib('pulumi/index.ts') },
      { find: /^calico-bgp-auth$/, replacement: lib('index.ts') },
    ],
  },
  test: {
    include: ['test/**/*.test.ts'],
    // Writes the e2e report when CALICO_BGP_AUTH_E2E_REPORT is set (test/e2e/support/report.ts).
    globalSetup: ['test/e2e/support/e2e-report-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // After the summary, one line when the BGP session tests could not run (skipped, or required and failing).
    reporters: ['default', './test/e2e/support/skip-reporter.ts'],
  },
});
