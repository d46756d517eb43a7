/** An error as a person can act on it: what happened, in plain words, and what to do. */
export type ErrorDescription = {
  title: string;
  detail: string;
  /** What the screen offers: try again, switch the wallet's network, or open the settings. */
  action: "retry" | "switch-chain" | "settings" | "none";
};

type Link = { name: string; code: unknown; text: string };

/** The error and its causes (viem and Hushlog errors chain them), newest first. */
function chain(error: unknown): Link[] {
  const out: Link[] = [];
  const seen = new Set<unknown>();
  for (let e = error as Record<string, unknown> | null; e && typeof e === "object" && !seen.has(e) && out.length < 16; e = e.cause as never) {
    seen.add(e);
    const text = [e.shortMessage, e.details, e.message].filter((t) => typeof t === "string").join("\n");
    out.push({ name: typeof e.name === "string" ? e.name : "", code: e.code, text });
  }
  return out;
}

const patterns = {
  rejected: /user rejected|user denied|rejected the request|rejected in the wallet|request was rejected/i,
  funds: /insufficient funds|enough funds|exceeds transaction sender account balance|not enough (balance|funds)|out of gas/i,
  unknownAccount: /unknown account|account not found|no such account/i,
  rpc: /failed to fetch|fetch failed|networkerror|http request failed|load failed|econnrefused|timed? ?out|does not answer|retries exhausted/i,
};

/** Maps what a wallet, the RPC or Hushlog threw to words and an action. Never shows request bodies or secrets. */
export function describeError(error: unknown): ErrorDescription {
  const links = chain(error);
  const codes = links.map((l) => l.code);
  const names = links.map((l) => l.name);
  const text = links.map((l) => l.text).join("\n");
  const has = (...wanted: unknown[]) => codes.some((c) => wanted.includes(c));

  if (has("REACT_WRONG_CHAIN", "CHAIN_WRONG_CHAIN", 4901) || names.includes("ChainMismatchError") || names.includes("ClientChainMismatchError")) {
    return {
      title: "Wrong network",
      detail: "Your wallet is on another network than this Hushlog deployment. Switch the wallet's network, then try again.",
      action: "switch-chain",
    };
  }
  if (has(4001, 5000, "CHAIN_USER_REJECTED") || names.includes("UserRejectedRequestError") || patterns.rejected.test(text)) {
    return { title: "You declined in your wallet", detail: "Nothing was signed or sent. Try again when you are ready.", action: "retry" };
  }
  // Before the wallet's own "not enough ETH": the key that ran dry is this browser's, not the account.
  if (has("REACT_SENDING_KEY_FUNDS") || /this browser's sending key/i.test(text)) {
    return {
      title: "This browser's sending key is out of ETH",
      detail: "Messages from this browser are paid by its own sending key. Top it up on the Devices screen (one wallet transaction), then retry.",
      action: "retry",
    };
  }
  if (has("CHAIN_INSUFFICIENT_FUNDS") || names.includes("InsufficientFundsError") || patterns.funds.test(text)) {
    return {
      title: "Not enough ETH for gas",
      detail: "Sending a message is a transaction: your account needs a little ETH on this network to pay its gas. Add some, then retry.",
      action: "retry",
    };
  }
  if (patterns.unknownAccount.test(text)) {
    return {
      title: "Unknown account",
      detail: "The wallet or node cannot sign for this account. Pick an account it holds the key of (on the local chain: one of the listed accounts).",
      action: "none",
    };
  }
  if (has("STORE_WRONG_PASSPHRASE") || names.includes("WrongPassphraseError")) {
    return {
      title: "This browser's messages did not open",
      detail: "The signature did not unlock this browser's encrypted copy of your messages. Sign with the same account and wallet you used before.",
      action: "retry",
    };
  }
  if (has("CHAIN_CONTRACT_NOT_FOUND") || names.includes("ContractNotFoundError")) {
    return { title: "No Hushlog contract here", detail: "The contract in the settings is not Hushlog on this chain. Check the settings.", action: "settings" };
  }
  if (has("CLIENT_DEVICE_NOT_AUTHORIZED")) {
    return {
      title: "This browser is no longer authorised",
      detail: "Your account's newest key binding does not list this browser, so nothing is sent from it. Authorise it again (the notice above), then retry.",
      action: "none",
    };
  }
  if (has("CLIENT_CONVERSATION_UNAVAILABLE") && /is a request/.test(text)) {
    return { title: "This conversation is a request", detail: "Accept it in Requests first; until then nothing is sent to them.", action: "none" };
  }
  if (has("CLIENT_CONVERSATION_UNAVAILABLE")) {
    return {
      title: "This conversation is closed",
      detail: "Their account no longer authorises the device you were talking to. It reopens if they authorise it again; or start a new conversation.",
      action: "none",
    };
  }
  if (has("CLIENT_BINDING_NOT_CURRENT")) {
    return { title: "Their key binding was replaced", detail: "The account published a newer key binding since: this request no longer speaks for it. Decline it.", action: "none" };
  }
  if (has("CLIENT_ACCOUNT_BLOCKED")) {
    return { title: "You blocked this account", detail: "Unblock it in Requests first.", action: "none" };
  }
  if (has("CONTENT_TARGET_INVALID")) {
    // ContentTargetError's reason is the last word of its message ("… cannot be the target: window.").
    const reason = /target: ([a-z-]+)\./.exec(text)?.[1];
    const details: Record<string, string> = {
      window: "Messages can be edited or deleted for 24 hours after they were sent; this one is older. It stays as it is.",
      deleted: "You already deleted this message for everyone.",
      "not-sender": "Only the person who sent a message can edit or delete it.",
      "not-editable": "This message was sent as plain text, before edits existed: it cannot be edited or deleted.",
      "unknown-target": "That message is not in this chat in this browser.",
    };
    return { title: reason === "window" ? "Too late to change this message" : "This message cannot be changed", detail: details[reason ?? ""] ?? "The app refused to send this change.", action: "none" };
  }
  const history = codes.find((c): c is string => typeof c === "string" && c.startsWith("HISTORY_"));
  if (history || has("CLIENT_HISTORY_ONLY")) {
    // Their own messages say what is true (which device, what was wrong) and carry no secret: show them.
    const said = (error as { shortMessage?: string })?.shortMessage ?? "";
    const title = history === "HISTORY_TARGET_NOT_LISTED" ? "History not exported" : history ? "History not imported" : "This conversation lives on another device";
    return { title, detail: history && history !== "HISTORY_TARGET_NOT_LISTED" ? `${said} Nothing was changed.` : said, action: "none" };
  }
  if (names.includes("HttpRequestError") || names.includes("TimeoutError") || has("CHAIN_RPC_RETRIES_EXHAUSTED", "CHAIN_RPC_REQUEST_FAILED") || patterns.rpc.test(text)) {
    return { title: "Can't reach the chain", detail: "The RPC does not answer. Check that it is running, or change it in the settings.", action: "settings" };
  }
  const first = links[0];
  const message = (error as { shortMessage?: string })?.shortMessage ?? first?.text.split("\n")[0] ?? String(error);
  return { title: "Something went wrong", detail: message.slice(0, 300), action: "retry" };
}

/** A failed transaction's stored reason (public text) as words. */
export function describeSendFailure(reason: string | null): string {
  if (!reason) return "The transaction was not sent.";
  const described = describeError(new Error(reason));
  return described.title === "Something went wrong" ? reason : `${described.title}. ${described.detail}`;
}
