#!/usr/bin/env node
// Prints the summary of an e2e report (test/e2e/support/report.ts) for CI's log. Plain JavaScript:
// it runs after `npm test` with nothing but node.
'use strict';
const fs = require('node:fs');

const file = process.argv[2];
if (!file || !fs.existsSync(file)) {
  console.error(`e2e report: ${file || '(no file given)'} was not written: did the e2e suite run?`);
  process.exit(1);
}
const r = JSON.parse(fs.readFileSync(file, 'utf8'));
const lines = [];
lines.push('daemons:');
for (const d of r.daemons) lines.push(`  ${d.role.padEnd(12)} ${d.name} ${d.version}`);
lines.push(`sessions: ${r.sessions.established} established, ${r.sessions.refused} refused as expected, ${r.sessions.unexpected} unexpected (of ${r.sessions.cases.length})`);
lines.push(`upstream compiled configs: ${r.upstreamTemplates.compared} compared, ${r.upstreamTemplates.mismatched} mismatched`);
if (r.timing.length) {
  lines.push('fail-open windows (calico-node without the password / router without one up unauthenticated):');
  for (const t of r.timing) lines.push(`  ${t.scenario}: ${t.unauthenticatedRenderMs} ms / ${t.unauthenticatedEstablishedMs} ms (${t.notes})`);
}
console.log(lines.join('\n'));

// What the report must show for the run to count (issue 17): calico-node ran on BIRD 1.6, every
// session ended as expected, every upstream compiled config matched.
const problems = [];
if (!r.daemons.some((d) => d.role === 'calico-node' && d.name === 'bird' && /^1\.6\./.test(d.version))) problems.push('calico-node did not run on BIRD 1.6');
if (r.daemons.some((d) => d.role === 'calico-node' && !/^1\.6\./.test(d.version))) problems.push('a calico-node side ran on another BIRD than 1.6');
if (r.sessions.unexpected > 0) problems.push(`${r.sessions.unexpected} sessions did not end as expected`);
if (r.upstreamTemplates.compared === 0 || r.upstreamTemplates.mismatched > 0) problems.push('upstream compiled configs were not all compared and matched');
if (problems.length) {
  console.error(`e2e report: ${problems.join('; ')}`);
  process.exit(1);
}
