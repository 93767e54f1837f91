import { CfnOutput, Stack } from 'aws-cdk-lib';
import { CfnWebACL } from 'aws-cdk-lib/aws-wafv2';

/**
 * The shared rate limit in the cloud: an AWS WAF web ACL with rate-based rules, for Amplify Hosting's
 * firewall (Hosting → Firewall → associate this web ACL). Chosen over a DynamoDB counter because WAF counts
 * at the CloudFront edge, across every server instance, by the address CloudFront itself saw (no
 * X-Forwarded-For to spoof), and blocks before the shop spends a Stripe call or a database write.
 * Limits: WAF counts per address (an IPv6 client per /128, not /64: the shop's own limiter keys IPv6 by /64
 * per instance) over 5-minute windows. Amplify needs a global (CLOUDFRONT) web ACL, which AWS only creates
 * in us-east-1: deploy the backend there, or create the same ACL from this template in us-east-1.
 */
export interface EdgeRateLimits {
  /** Checkout attempts (POST /api/checkout) per client per 5 minutes. */
  checkoutPer5Minutes: number;
  /** Success-page views (/checkout/success) per client per 5 minutes. */
  successPagePer5Minutes: number;
}

export const DEFAULT_EDGE_RATE_LIMITS: EdgeRateLimits = { checkoutPer5Minutes: 50, successPagePer5Minutes: 300 };

function pathStartsWith(path: string): CfnWebACL.StatementProperty {
  return {
    byteMatchStatement: {
      fieldToMatch: { uriPath: {} },
      positionalConstraint: 'STARTS_WITH',
      searchString: path,
      textTransformations: [{ priority: 0, type: 'LOWERCASE' }],
    },
  };
}

function rateRule(name: string, priority: number, limit: number, scope: CfnWebACL.StatementProperty): CfnWebACL.RuleProperty {
  return {
    name,
    priority,
    statement: { rateBasedStatement: { limit, evaluationWindowSec: 300, aggregateKeyType: 'IP', scopeDownStatement: scope } },
    // 429 like the shop's own limiter, so the browser code handles both the same way.
    action: { block: { customResponse: { responseCode: 429, responseHeaders: [{ name: 'retry-after', value: '300' }] } } },
    visibilityConfig: { cloudWatchMetricsEnabled: true, metricName: name, sampledRequestsEnabled: true },
  };
}

export function addEdgeRateLimits(stack: Stack, limits: EdgeRateLimits = DEFAULT_EDGE_RATE_LIMITS): CfnWebACL {
  const checkout: CfnWebACL.StatementProperty = {
    andStatement: {
      statements: [
        pathStartsWith('/api/checkout'),
        { byteMatchStatement: { fieldToMatch: { method: {} }, positionalConstraint: 'EXACTLY', searchString: 'POST', textTransformations: [{ priority: 0, type: 'NONE' }] } },
      ],
    },
  };
  const acl = new CfnWebACL(stack, 'ShopEdgeRateLimits', {
    scope: 'CLOUDFRONT',
    defaultAction: { allow: {} },
    visibilityConfig: { cloudWatchMetricsEnabled: true, metricName: 'shop-edge', sampledRequestsEnabled: true },
    rules: [
      rateRule('checkout-per-client', 0, limits.checkoutPer5Minutes, checkout),
      rateRule('success-page-per-client', 1, limits.successPagePer5Minutes, pathStartsWith('/checkout/success')),
    ],
  });
  new CfnOutput(stack, 'ShopEdgeWebAclArn', { value: acl.attrArn, description: 'Associate with the Amplify app: Hosting → Firewall' });
  return acl;
}
