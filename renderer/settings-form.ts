/** The settings form: filled from the pushed settings, read back into a patch for the main process. */
import type { Settings, SettingsPatch } from '../electron/settings-schema.js';

type Field = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

function field(form: HTMLFormElement, name: string): Field {
  const element = form.elements.namedItem(name);
  if (element === null || element instanceof RadioNodeList) throw new Error(`settings form is missing ${name}`);
  return element as Field;
}

function checkbox(form: HTMLFormElement, name: string): HTMLInputElement {
  return field(form, name) as HTMLInputElement;
}

export function fillSettingsForm(form: HTMLFormElement, settings: Settings, canRememberToken: boolean): void {
  field(form, 'port').value = String(settings.port);
  field(form, 'workers').value = settings.workers === null ? '' : String(settings.workers);
  field(form, 'maxConcurrent').value = settings.maxConcurrent === null ? '' : String(settings.maxConcurrent);
  field(form, 'sessionTtl').value = String(settings.sessionTtl);
  field(form, 'dataTtl').value = String(settings.dataTtl);
  field(form, 'maxStateGigabytes').value = settings.maxStateBytes === null ? '' : String(Number((settings.maxStateBytes / 1e9).toFixed(3)));
  field(form, 'logLevel').value = settings.logLevel;
  field(form, 'extraOrigins').value = settings.extraOrigins.join('\n');
  checkbox(form, 'rememberToken').checked = settings.rememberToken;
  checkbox(form, 'rememberToken').disabled = !canRememberToken && !settings.rememberToken;
  checkbox(form, 'startAtLogin').checked = settings.startAtLogin;
}

/** Numbers that do not parse are sent as NaN, so the main process's schema names the field. */
function integer(form: HTMLFormElement, name: string): number {
  const raw = field(form, name).value.trim();
  return raw === '' ? Number.NaN : Number(raw);
}

export function readSettingsForm(form: HTMLFormElement): SettingsPatch {
  const maxConcurrent = field(form, 'maxConcurrent').value.trim();
  const workers = field(form, 'workers').value.trim();
  const maxStateGigabytes = field(form, 'maxStateGigabytes').value.trim();
  return {
    port: integer(form, 'port'),
    workers: workers === '' ? null : Number(workers),
    maxConcurrent: maxConcurrent === '' ? null : Number(maxConcurrent),
    sessionTtl: integer(form, 'sessionTtl'),
    dataTtl: integer(form, 'dataTtl'),
    // Shown in GB, stored in bytes; blank = the default (half of the free disk space).
    maxStateBytes: maxStateGigabytes === '' ? null : Math.round(Number(maxStateGigabytes) * 1e9),
    logLevel: field(form, 'logLevel').value as Settings['logLevel'],
    extraOrigins: field(form, 'extraOrigins')
      .value.split('\n')
      .map((line) => line.trim())
      .filter((line) => line.length > 0),
    rememberToken: checkbox(form, 'rememberToken').checked,
    startAtLogin: checkbox(form, 'startAtLogin').checked,
  };
}
