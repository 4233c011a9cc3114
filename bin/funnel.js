#!/usr/bin/env node
// The `funnel` binary: runs the TypeScript CLI through tsx, so a clone needs no build step.
// tsx looks for tsconfig.json from the working directory; the email templates need this
// repository's JSX settings, so `funnel` run from any other directory points tsx at ours.
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

register({ tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)) });
await import('./funnel.ts');
