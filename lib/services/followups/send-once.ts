import type { Mailer, MailMessage } from '../../domain/mail/mailer';
import type { FollowUpQueue } from '../../domain/followups/follow-up-queue';

export type Progress = Record<string, unknown>;

export interface SendOnceDeps {
  store: Pick<FollowUpQueue, 'saveFollowUpProgress'>;
  mailer: Mailer;
}

/**
 * Sends one email of a follow-up job at most once, whatever happens around it. Mailers (SES) send
 * every call, so the job records `step: 'sending'` before the send and `'sent'` after: a retry that
 * finds either skips the email. Only a send that threw (SES refused it) clears the marker so a retry
 * tries again; a crash or a lost bookkeeping write after the send leaves it, and nothing is re-sent.
 * Returns the progress as saved.
 */
export async function sendOnce(deps: SendOnceDeps, jobKey: string, progress: Progress, step: string, message: MailMessage): Promise<Progress> {
  if (progress[step] !== undefined) return progress;
  const sending = { ...progress, [step]: 'sending' };
  await deps.store.saveFollowUpProgress(jobKey, sending);
  try {
    await deps.mailer.send(message);
  } catch (error) {
    await deps.store.saveFollowUpProgress(jobKey, progress);
    throw error;
  }
  const sent = { ...progress, [step]: 'sent' };
  await deps.store.saveFollowUpProgress(jobKey, sent);
  return sent;
}
