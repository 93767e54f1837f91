import { ConfigError } from './config-error';
import type { Env } from './env';
import type { ProfileDecision } from './profile';

/**
 * Without the dev surfaces (the cloud profile) the shop's emails go out through Amazon SES, which sends only
 * from a verified identity: a missing sender would fail at the first email, long after start. So it fails at start.
 */
export function mailSenderIssues(decision: ProfileDecision, env: Env): string[] {
  if (decision.devSurfaces || env.SES_FROM_ADDRESS) return [];
  return [
    `SES_FROM_ADDRESS: required with the ${decision.profile} profile (${decision.reason}), where the shop's emails are sent by Amazon SES; ` +
      'set it to an address on your verified SES identity, such as orders@your-shop.example',
  ];
}

/** The SES sender of a configuration that passed validation (mailSenderIssues); throws if asked without one. */
export function sesSender(config: { sesFromAddress: string | null }): string {
  if (!config.sesFromAddress) throw new ConfigError(['SES_FROM_ADDRESS: required when SES sends the shop’s emails']);
  return config.sesFromAddress;
}
