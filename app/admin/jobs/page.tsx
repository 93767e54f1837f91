import type { Metadata } from 'next';
import { requireStaff } from '@/lib/auth/require-staff';
import { getServices } from '@/lib/composition';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Parked jobs' };

/** Follow-up jobs that failed every attempt (an email, an account): what went wrong, and a retry. */
export default async function ParkedJobsPage() {
  await requireStaff();
  const { store } = getServices();
  const jobs = await store.listFailedFollowUps(100);
  return (
    <>
      <h1>Parked jobs</h1>
      <p className="hint">Jobs after a paid order that failed every attempt. Retry puts one back in the queue with a fresh set of attempts.</p>
      {jobs.length === 0 ? (
        <p className="panel empty-state" data-testid="no-parked-jobs">
          No parked jobs.
        </p>
      ) : (
        <div className="panel table-scroll" role="region" aria-label="Parked jobs" tabIndex={0}>
          <table className="orders-table">
            <thead>
              <tr>
                <th scope="col">Job</th>
                <th scope="col">Attempts</th>
                <th scope="col">Last error</th>
                <th scope="col">Parked at</th>
                <th scope="col">
                  <span className="visually-hidden">Retry</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {jobs.map((job) => (
                <tr key={job.key} data-testid="parked-job">
                  <td>
                    <code>{job.key}</code>
                  </td>
                  <td>{job.attempts}</td>
                  <td>{job.lastError ?? '—'}</td>
                  <td>{job.completedAt ?? '—'}</td>
                  <td>
                    <form method="post" action="/admin/jobs/retry">
                      <input type="hidden" name="key" value={job.key} />
                      <input type="hidden" name="returnTo" value="/admin/jobs" />
                      <button type="submit" className="button" aria-label={`Retry ${job.key}`}>
                        Retry
                      </button>
                    </form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
