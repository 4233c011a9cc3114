/** The CDK app: `npx cdk synth` (offline, no credentials needed) or `npx cdk deploy`. */
import { DeployConfigError } from './config.js';
import { buildApp } from './build.js';

try {
  buildApp();
} catch (err) {
  // A bad config is a one-line message naming the file (or cdk.json) and the field.
  if (err instanceof DeployConfigError || (err as Error).name === 'ConfigError') {
    console.error(`one-funnel: ${(err as Error).message}`);
    process.exit(1);
  }
  throw err;
}
