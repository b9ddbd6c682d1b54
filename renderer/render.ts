/** Renders a StatusView into the status page. Called on every push from the main process. */
import type { StatusView } from '../electron/ipc-contract.js';
import type { JobStatus } from '../src/server/status.js';
import { byId, el } from './dom.js';

const MASK = '••••-••••-••••-••••';

export function renderToken(view: StatusView, revealed: boolean): void {
  const token = byId('token');
  token.textContent = view.token === null ? '—' : revealed ? view.token : MASK;
  token.dataset['hidden'] = String(!revealed);
  byId('toggle-token').textContent = revealed ? 'Hide' : 'Show';
}

export function renderStatus(view: StatusView, revealed: boolean): void {
  const phase = byId('phase');
  phase.textContent = view.phase;
  phase.dataset['phase'] = view.phase;
  byId('state-line').textContent = view.stateLine;
  renderToken(view, revealed);
  byId('port').textContent = String(view.port);
  byId('url').textContent = view.url ?? '—';
  byId('workers').textContent = String(view.nWorkers);
  byId('origins').replaceChildren(...view.origins.map((origin) => el('li', {}, el('code', {}, origin))));
  const up = view.phase === 'running' || view.phase === 'starting' || view.phase === 'backoff';
  byId('start-stop').textContent = up ? 'Stop server' : 'Start server';
  byId<HTMLButtonElement>('copy-token').disabled = view.token === null;
  byId<HTMLButtonElement>('copy-connection').disabled = view.url === null;
  byId<HTMLButtonElement>('regenerate-token').disabled = view.phase !== 'running';
  byId('log-dir').textContent = view.logDir;
  renderStorage(view);
  renderError(view);
  renderSessions(view);
  renderJobs(view);
}

function renderError(view: StatusView): void {
  const panel = byId('error-panel');
  panel.hidden = view.error === null;
  if (view.error === null) return;
  byId('error-message').textContent = `${view.error.message} (${view.error.code})`;
  byId('error-restarts').textContent =
    view.phase === 'backoff'
      ? `Restarting automatically (attempt ${view.restarts}).`
      : view.restarts > 0
        ? `Gave up after ${view.restarts} restarts.`
        : '';
  const suggest = byId<HTMLButtonElement>('use-suggested-port');
  const port = view.error.suggestedPort;
  suggest.hidden = port === null;
  suggest.dataset['port'] = port === null ? '' : String(port);
  suggest.textContent = port === null ? '' : `Use port ${port} instead`;
  byId('retry-start').hidden = view.phase !== 'failed';
  byId('log-tail-box').hidden = view.logTail.length === 0;
  byId('log-tail').textContent = view.logTail.join('\n');
}

function renderStorage(view: StatusView): void {
  const { dir, bytes, maxBytes } = view.storage;
  byId('state-dir').textContent = dir ?? 'not saved (memory only)';
  const used = bytes === null ? 'unknown while the server is not running' : formatBytes(bytes);
  byId('state-size').textContent = maxBytes === null ? used : `${used} of ${formatBytes(maxBytes)} allowed`;
  byId<HTMLButtonElement>('clear-saved-work').disabled = dir === null || view.phase === 'stopping';
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(1)} GB`;
  if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(1)} MB`;
  return `${Math.round(bytes / 1e3)} kB`;
}

function renderSessions(view: StatusView): void {
  byId('sessions').replaceChildren(
    ...view.sessions.map((session) =>
      el(
        'tr',
        { 'data-session-id': session.session_id },
        el('td', {}, session.name),
        el('td', {}, String(session.n_connections)),
        el('td', {}, String(session.n_data)),
        el('td', {}, String(session.n_jobs)),
      ),
    ),
  );
  byId('no-sessions').hidden = view.sessions.length > 0;
}

function progressBar(job: JobStatus): HTMLProgressElement {
  const bar = el('progress', { max: '1', 'data-job-id': job.job_id, 'aria-label': `Progress of ${job.job_id}` });
  // No fraction yet (queued, or a stage without one): an indeterminate bar.
  if (job.fraction !== null) bar.value = Math.min(1, Math.max(0, job.fraction));
  return bar;
}

function jobLine(job: JobStatus): string {
  if (job.status === 'queued') return `queued${job.queue_position === null ? '' : ` (#${job.queue_position})`}`;
  const percent = job.fraction === null ? '' : ` ${Math.round(job.fraction * 100)}%`;
  return `${job.status}${percent}${job.stage ? ` · ${job.stage}` : ''}${job.last_message ? ` · ${job.last_message}` : ''}`;
}

function renderJobs(view: StatusView): void {
  byId('active-jobs').replaceChildren(
    ...view.activeJobs.map((job) =>
      el(
        'li',
        { 'data-job-id': job.job_id, 'data-status': job.status },
        el('div', { class: 'job-title' }, `${job.algorithm} `, el('span', { class: 'muted' }, `${job.type} · ${job.session_name}`)),
        progressBar(job),
        el('div', { class: 'job-stage muted' }, jobLine(job)),
      ),
    ),
  );
  byId('no-active-jobs').hidden = view.activeJobs.length > 0;
  byId('recent-jobs').replaceChildren(
    ...view.recentJobs.map((job) =>
      el(
        'tr',
        { 'data-job-id': job.job_id, 'data-status': job.status },
        el('td', {}, el('code', {}, job.job_id)),
        el('td', {}, job.session_name),
        el('td', {}, job.algorithm),
        el('td', {}, job.status),
        el('td', {}, job.completed_at ?? '—'),
      ),
    ),
  );
}
