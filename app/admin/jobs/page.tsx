import type { Metadata } from 'next';
import { DataTable } from '@/components/tables/DataTable';
import { requireStaff } from '@/app/_server/require-staff';
import { getServices } from '@/lib/composition';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Parked jobs' };

const JOB_COLUMNS = [{ label: 'Job' }, { label: 'Attempts' }, { label: 'Last error' }, { label: 'Parked at' }, { label: 'Retry', hidden: true }];

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
        <DataTable region={{ label: 'Parked jobs' }} columns={JOB_COLUMNS}>
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
        </DataTable>
      )}
    </>
  );
}
