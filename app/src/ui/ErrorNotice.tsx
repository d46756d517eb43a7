import { describeError } from "../lib/describeError.ts";

/** What a failed action threw, in words and with what to do, announced to screen readers; nothing when it did not fail. */
export function ErrorNotice({ error, id }: { error: unknown; id?: string }) {
  if (!error) return null;
  const { title, detail } = describeError(error);
  return (
    <p role="alert" id={id} className="notice error">
      <strong>{title}.</strong> {detail}
    </p>
  );
}
