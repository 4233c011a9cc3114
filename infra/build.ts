/** Builds the app and stack; shared by infra/app.ts and the tests (which synth it in-process). */
import { App, AspectPriority, Aspects, CfnResource, Validations, type IAspect } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { IConstruct } from 'constructs';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { loadDeployConfig, parseDeployConfig, type DeployConfig } from './config.js';
import { FunnelStack } from './stacks/funnel-stack.js';

/** Feature flags this app relies on, whatever cdk.json says. */
export const FEATURE_FLAGS = {
  // Access-log delivery through a bucket policy, not the legacy LogDeliveryWrite ACL, so
  // every bucket can keep ObjectOwnership BucketOwnerEnforced (ACLs disabled).
  '@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy': true,
  '@aws-cdk/aws-iam:minimizePolicies': true,
  '@aws-cdk/aws-lambda:recognizeLayerVersion': true,
  '@aws-cdk/aws-stepfunctions-tasks:useNewS3UriParametersForBedrockInvokeModelTask': true,
};

export interface BuiltApp {
  app: App;
  stack: FunnelStack;
  config: DeployConfig;
}

export function buildApp(
  options: { context?: Record<string, unknown>; config?: unknown; outdir?: string } = {},
): BuiltApp {
  const app = new App({ context: { ...FEATURE_FLAGS, ...options.context }, outdir: options.outdir });
  const config =
    options.config !== undefined
      ? parseDeployConfig(options.config, 'config')
      : loadDeployConfig((key) => app.node.tryGetContext(key));
  const stack = new FunnelStack(app, config.stackName, {
    config,
    description: 'one-funnel: marketing and sales funnel pipeline (S3, Glue, Athena, Lambda, Step Functions)',
    // Account and region come from the CLI's credentials at deploy; synth needs neither.
    env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new ServerlessChecks(app));
  Aspects.of(stack).add(new DropRedundantRoleDependency(), { priority: AspectPriority.MUTATING });
  return { app, stack, config };
}

/**
 * CDK makes a function (and a state machine) depend on its role and on the role's policy;
 * the role edge is already implied by the `Fn::GetAtt` of the role ARN, which cfn-lint
 * reports as W3005. DependsOn is overridden with the policy edge only.
 */
class DropRedundantRoleDependency implements IAspect {
  visit(node: IConstruct): void {
    const role = node instanceof lambda.Function ? node.role : node instanceof sfn.StateMachine ? node.role : undefined;
    if (!(role instanceof iam.Role)) return;
    const resource = node.node.defaultChild;
    const policy = role.node.tryFindChild('DefaultPolicy')?.node.defaultChild;
    if (resource instanceof CfnResource && policy instanceof CfnResource) {
      resource.addOverride('DependsOn', [policy.logicalId]);
    }
  }
}
