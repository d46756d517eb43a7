/** Said wherever a handshake note is written or read: it is the one part of Hushlog that is not encrypted. */
export function PublicNoteNotice({ id }: { id?: string }) {
  return (
    <p className="notice public" id={id}>
      <strong>Public:</strong> the note travels with the request in the clear. Anyone reading the chain can read it, forever. Don't put anything
      private in it.
    </p>
  );
}
