import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { addEdgeRateLimits, DEFAULT_EDGE_RATE_LIMITS } from '@/amplify/security/edge-rate-limits';

/** The cloud's shared rate limit (amplify/security/edge-rate-limits.ts), synthesized on its own. */
describe('edge rate limits (AWS WAF)', () => {
  const stack = new Stack(new App(), 'edge', { env: { region: 'us-east-1' } });
  addEdgeRateLimits(stack);
  const template = Template.fromStack(stack);

  it('is a global web ACL that Amplify Hosting can associate, allowing by default', () => {
    template.hasResourceProperties('AWS::WAFv2::WebACL', { Scope: 'CLOUDFRONT', DefaultAction: { Allow: {} } });
    template.hasOutput('ShopEdgeWebAclArn', {});
  });

  it('limits POST /api/checkout per client address, answering 429', () => {
    template.hasResourceProperties('AWS::WAFv2::WebACL', {
      Rules: Match.arrayWith([
        Match.objectLike({
          Name: 'checkout-per-client',
          Action: { Block: { CustomResponse: Match.objectLike({ ResponseCode: 429 }) } },
          Statement: {
            RateBasedStatement: Match.objectLike({
              Limit: DEFAULT_EDGE_RATE_LIMITS.checkoutPer5Minutes,
              AggregateKeyType: 'IP',
              ScopeDownStatement: {
                AndStatement: {
                  Statements: [
                    Match.objectLike({ ByteMatchStatement: Match.objectLike({ SearchString: '/api/checkout', PositionalConstraint: 'STARTS_WITH' }) }),
                    Match.objectLike({ ByteMatchStatement: Match.objectLike({ SearchString: 'POST', FieldToMatch: { Method: {} } }) }),
                  ],
                },
              },
            }),
          },
        }),
      ]),
    });
  });

  it('limits success-page views per client address', () => {
    const acl = Object.values(template.findResources('AWS::WAFv2::WebACL'))[0] as { Properties: { Rules: { Name: string; Statement: unknown }[] } };
    const rule = acl.Properties.Rules.find((candidate) => candidate.Name === 'success-page-per-client');
    expect(JSON.stringify(rule?.Statement)).toContain('/checkout/success');
    expect(JSON.stringify(rule?.Statement)).toContain(`"Limit":${DEFAULT_EDGE_RATE_LIMITS.successPagePer5Minutes}`);
  });
});
