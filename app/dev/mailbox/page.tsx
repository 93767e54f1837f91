import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getServices } from '@/lib/composition';
import { shopTimeFormatter } from '@/lib/domain/format/shop-time';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Local mailbox', robots: { index: false } };

/** Local mode only: the emails the shop would have sent, newest first. */
export default async function MailboxPage() {
  const { localMailbox: mailbox, config } = getServices();
  if (!mailbox) notFound();
  const format = shopTimeFormatter(config.shopTimeZone);
  const messages = await mailbox.list();
  return (
    <>
      <h1>Local mailbox</h1>
      <p className="hint">Local mode sends no real email: invitations and order emails land here.</p>
      {messages.length === 0 ? (
        <p className="panel empty-state">No emails yet. Buy something to get an invitation.</p>
      ) : (
        <ol className="mailbox">
          {messages.map((message) => (
            <li key={message.key} className="panel" data-testid="mail">
              <article aria-label={`${message.subject} to ${message.to}`}>
                <h2>{message.subject}</h2>
                <p className="hint">
                  To <strong>{message.to}</strong> · <time dateTime={message.sentAt}>{format.dateTime(Date.parse(message.sentAt) / 1000)}</time>
                </p>
                <pre>{message.text}</pre>
              </article>
            </li>
          ))}
        </ol>
      )}
    </>
  );
}
