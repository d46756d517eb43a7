/**
 * Said wherever a handshake note is written or read. Since issue 18 a request is sealed to the recipient's device
 * when their account has published its binding on this chain; to an account that has not (or from an older app) it
 * goes in the clear. Neither side can be sure which, so the notice says both.
 */
export function PublicNoteNotice({ id }: { id?: string }) {
  return (
    <p className="notice public" id={id}>
      <strong>Not always private:</strong> the note is sealed to them when their account has published its Hushlog keys on
      this chain; otherwise (or from an older app) it travels in the clear, and anyone reading the chain can read it,
      forever. Don't put anything private in it.
    </p>
  );
}
