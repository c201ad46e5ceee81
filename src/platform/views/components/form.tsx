import type { T } from '../../i18n/i18n.js';
import type { FieldErrors } from '../../http/errors.js';

export function CsrfField({ token }: { token: string }): JSX.Element {
  return <input type="hidden" name="_csrf" value={token} />;
}

/** Field id used by inputs, labels and the error summary's links. */
export const fieldId = (name: string) => `f-${name.replace(/[^a-zA-Z0-9_-]/g, '-')}`;

export function fieldMessage(t: T, errors: FieldErrors | undefined, name: string): string | undefined {
  const e = errors?.[name];
  if (!e) return undefined;
  return t(`validation.${e.code}`, { ...e.params, defaultValue: t('validation.invalid') });
}

export function ErrorSummary({ t, errors, labels }: { t: T; errors?: FieldErrors | undefined; labels: Record<string, string> }): JSX.Element {
  const names = Object.keys(errors ?? {});
  if (names.length === 0) return '';
  return (
    <div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1">
      <h2 id="error-summary-title" safe>
        {t('validation.summaryTitle')}
      </h2>
      <ul>
        {names.map((name) => (
          <li>
            <a href={`#${fieldId(name)}`} safe>
              {`${labels[name] ?? name}: ${fieldMessage(t, errors, name) ?? ''}`}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}

type InputProps = {
  t: T;
  name: string;
  label: string;
  type?: 'text' | 'email' | 'password' | 'url' | 'number' | 'date' | 'datetime-local' | 'tel' | 'color' | 'file';
  value?: string | undefined | null;
  errors?: FieldErrors | undefined;
  hint?: string | undefined;
  required?: boolean;
  autocomplete?: string;
  maxlength?: number;
  inputmode?: 'numeric' | 'text' | 'email';
  accept?: string;
  lang?: string;
  pattern?: string;
};

type Control = { id: string; invalid: 'true' | undefined; describedBy: string | undefined };

/**
 * A labelled field: its label ("(optional)" when not required), its hint and its error message,
 * tied to the control by id and aria-describedby, and the control itself.
 */
function LabelledField(p: { t: T; name: string; label: string; required?: boolean | undefined; hint?: string | undefined; errors?: FieldErrors | undefined; control: (c: Control) => JSX.Element }): JSX.Element {
  const id = fieldId(p.name);
  const message = fieldMessage(p.t, p.errors, p.name);
  const describedBy = [p.hint ? `${id}-hint` : '', message ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div class={message ? 'field field-error' : 'field'}>
      <label for={id} safe>
        {p.label + (p.required ? '' : ` (${p.t('forms.optional')})`)}
      </label>
      {p.hint ? (
        <p class="hint" id={`${id}-hint`} safe>
          {p.hint}
        </p>
      ) : (
        ''
      )}
      {message ? (
        <p class="error-message" id={`${id}-error`} safe>
          {message}
        </p>
      ) : (
        ''
      )}
      {p.control({ id, invalid: message ? 'true' : undefined, describedBy: describedBy || undefined })}
    </div>
  );
}

export function TextField(p: InputProps): JSX.Element {
  return (
    <LabelledField
      {...p}
      control={(c) => (
        <input
          id={c.id}
          name={p.name}
          type={p.type ?? 'text'}
          value={p.type === 'password' || p.type === 'file' ? undefined : (p.value ?? undefined)}
          required={p.required}
          aria-invalid={c.invalid}
          aria-describedby={c.describedBy}
          autocomplete={p.autocomplete}
          maxlength={p.maxlength}
          inputmode={p.inputmode}
          accept={p.accept}
          lang={p.lang}
          pattern={p.pattern}
        />
      )}
    />
  );
}

export function TextArea(p: Omit<InputProps, 'type'> & { rows?: number }): JSX.Element {
  return (
    <LabelledField
      {...p}
      control={(c) => (
        <textarea id={c.id} name={p.name} rows={String(p.rows ?? 4)} required={p.required} aria-invalid={c.invalid} aria-describedby={c.describedBy} maxlength={p.maxlength} lang={p.lang} safe>
          {p.value ?? ''}
        </textarea>
      )}
    />
  );
}

export function RadioGroup(p: {
  t: T;
  name: string;
  legend: string;
  options: { value: string; label: string; hint?: string }[];
  value?: string | undefined | null;
  errors?: FieldErrors | undefined;
}): JSX.Element {
  const id = fieldId(p.name);
  const message = fieldMessage(p.t, p.errors, p.name);
  return (
    <fieldset class={message ? 'field field-error' : 'field'} id={id} aria-describedby={message ? `${id}-error` : undefined}>
      <legend safe>{p.legend}</legend>
      {message ? (
        <p class="error-message" id={`${id}-error`} safe>
          {message}
        </p>
      ) : (
        ''
      )}
      {p.options.map((o, i) => (
        <div class="choice">
          <input type="radio" id={`${id}-${i}`} name={p.name} value={o.value} checked={p.value === o.value} />
          <label for={`${id}-${i}`} safe>
            {o.label}
          </label>
        </div>
      ))}
    </fieldset>
  );
}

export function Select(p: {
  t: T;
  name: string;
  label: string;
  options: { value: string; label: string }[];
  value?: string | undefined | null;
  errors?: FieldErrors | undefined;
  required?: boolean;
}): JSX.Element {
  return (
    <LabelledField
      {...p}
      control={(c) => (
        <select id={c.id} name={p.name} aria-invalid={c.invalid} aria-describedby={c.describedBy}>
          {p.options.map((o) => (
            <option value={o.value} selected={p.value === o.value} safe>
              {o.label}
            </option>
          ))}
        </select>
      )}
    />
  );
}

/**
 * A one-button form that posts an action (remove, approve, sign out…), with its CSRF token and
 * any hidden fields; works without JavaScript like every form.
 */
export function PostButton(p: {
  action: string;
  csrfToken: string;
  label: string;
  /** The accessible name when the visible label alone is ambiguous in a list ("Remove" → "Remove Test laptop"). */
  ariaLabel?: string | undefined;
  describedBy?: string | undefined;
  variant?: 'secondary' | 'danger' | 'link-button' | undefined;
  hidden?: Record<string, string> | undefined;
  lang?: string | undefined;
}): JSX.Element {
  return (
    <form method="post" action={p.action} class="inline-form">
      <CsrfField token={p.csrfToken} />
      {Object.entries(p.hidden ?? {}).map(([name, value]) => (
        <input type="hidden" name={name} value={value} />
      ))}
      <button type="submit" class={p.variant} aria-label={p.ariaLabel} aria-describedby={p.describedBy} lang={p.lang} safe>
        {p.label}
      </button>
    </form>
  );
}
