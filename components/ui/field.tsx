import { clsx } from "clsx";
import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes, TextareaHTMLAttributes } from "react";

const control =
  "w-full rounded-[4px] bg-rail px-3 py-2 text-[15px] text-text placeholder:text-faint outline-none focus:ring-2 focus:ring-accent aria-[invalid=true]:ring-2 aria-[invalid=true]:ring-danger disabled:cursor-not-allowed";
const labelClass = "text-xs font-bold uppercase tracking-wide text-muted";

type FieldProps = { label: string; error?: string; hint?: string };

/** The ids a control points at: its error when there is one, else its hint. */
function described(inputId: string | undefined, error?: string, hint?: string) {
  if (error) return `${inputId}-error`;
  if (hint) return `${inputId}-hint`;
  return undefined;
}

/** The message under a field: its error (announced) or its hint. */
function FieldNote({ inputId, error, hint }: { inputId?: string; error?: string; hint?: string }) {
  if (error)
    return (
      <p id={`${inputId}-error`} role="alert" className="text-sm text-danger">
        {error}
      </p>
    );
  return hint ? (
    <p id={`${inputId}-hint`} className="text-xs text-faint">
      {hint}
    </p>
  ) : null;
}

/** A field's frame: its label above, the control, its error or hint below. */
function FieldFrame({
  label,
  inputId,
  error,
  hint,
  className,
  children,
}: FieldProps & { inputId?: string; className?: string; children: ReactNode }) {
  return (
    <div className={clsx("flex flex-col gap-2", className)}>
      <label htmlFor={inputId} className={labelClass}>
        {label}
      </label>
      {children}
      <FieldNote inputId={inputId} error={error} hint={hint} />
    </div>
  );
}

/** What a control says about itself: its id, whether it is invalid, and what describes it. */
const controlProps = (inputId: string | undefined, error?: string, hint?: string) => ({
  id: inputId,
  "aria-invalid": error ? true : undefined,
  "aria-describedby": described(inputId, error, hint),
});

export function TextField({
  label,
  error,
  hint,
  id,
  className,
  ...props
}: InputHTMLAttributes<HTMLInputElement> & FieldProps) {
  const inputId = id ?? props.name;
  return (
    <FieldFrame label={label} inputId={inputId} error={error} hint={hint} className={className}>
      <input {...controlProps(inputId, error, hint)} className={control} {...props} />
    </FieldFrame>
  );
}

export function TextAreaField({
  label,
  error,
  hint,
  id,
  ...props
}: TextareaHTMLAttributes<HTMLTextAreaElement> & FieldProps) {
  const inputId = id ?? props.name;
  return (
    <FieldFrame label={label} inputId={inputId} error={error} hint={hint}>
      <textarea {...controlProps(inputId, error, hint)} className={clsx(control, "min-h-20 resize-y")} {...props} />
    </FieldFrame>
  );
}

/** A labelled select with the same error and hint as the text fields; its options are the children. */
export function SelectField({
  label,
  error,
  hint,
  id,
  className,
  children,
  ...props
}: SelectHTMLAttributes<HTMLSelectElement> & FieldProps & { children: ReactNode }) {
  const inputId = id ?? props.name;
  return (
    <FieldFrame label={label} inputId={inputId} error={error} hint={hint} className={className}>
      <select {...controlProps(inputId, error, hint)} className={clsx(control, "min-h-10 px-2")} {...props}>
        {children}
      </select>
    </FieldFrame>
  );
}

/**
 * A checkbox with its label: a 20 px box inside a padded label, so the whole row (at least 40 px
 * high) is the hit area. `children` is the visible label.
 */
export function CheckboxField({
  children,
  className,
  ...props
}: Omit<InputHTMLAttributes<HTMLInputElement>, "type"> & { children: ReactNode }) {
  return (
    <label
      className={clsx(
        "-ml-1.5 flex min-h-10 cursor-pointer items-center gap-2.5 self-start rounded px-1.5 py-2 text-sm text-text hover:bg-hover has-[:disabled]:cursor-not-allowed has-[:disabled]:opacity-70",
        className,
      )}
    >
      <input type="checkbox" className="size-5 shrink-0 cursor-[inherit] accent-accent" {...props} />
      {children}
    </label>
  );
}

export function FormError({ message }: { message?: string | null }) {
  if (!message) return null;
  return (
    <p role="alert" className="rounded-[4px] border border-danger/40 bg-danger/10 px-3 py-2 text-sm text-danger">
      {message}
    </p>
  );
}

/** A new password and its confirmation (sign-up's rules in the hint); `name` is the password's field. */
export function NewPasswordFields({
  name,
  error,
  confirmError,
  autoFocus,
}: {
  name: string;
  error?: string;
  confirmError?: string;
  autoFocus?: boolean;
}) {
  return (
    <>
      <TextField
        label="New password"
        name={name}
        type="password"
        autoComplete="new-password"
        autoFocus={autoFocus}
        hint="At least 8 characters, letters mixed with digits or symbols."
        error={error}
      />
      <TextField
        label="Confirm new password"
        name="confirmPassword"
        type="password"
        autoComplete="new-password"
        error={confirmError}
      />
    </>
  );
}
