import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createDexieStore, deriveDexieKey } from "hushlog/dexie";
import { HushlogProvider, useConversation, useHushlogIdentity, useSendMessage } from "hushlog/react";
import { useState } from "react";
import type { Address, Hex } from "viem";
import { WagmiProvider, type Config } from "wagmi";

const queryClient = new QueryClient();

type Deployment = { address: Address; deployBlock: bigint };

export function ChatApp({ config, hushlog, conversationId }: { config: Config; hushlog: Deployment; conversationId: Hex }) {
  return (
    <WagmiProvider config={config}>
      <QueryClientProvider client={queryClient}>
        <HushlogProvider
          contract={hushlog.address}
          deployBlock={hushlog.deployBlock}
          store={async (account, wallet) =>
            createDexieStore({ name: "hushlog", account, encryptionKey: await deriveDexieKey(wallet), createAccount: true })
          }
        >
          <Chat conversationId={conversationId} />
        </HushlogProvider>
      </QueryClientProvider>
    </WagmiProvider>
  );
}

function Chat({ conversationId }: { conversationId: Hex }) {
  const identity = useHushlogIdentity();
  const { data: messages } = useConversation(conversationId);
  const send = useSendMessage();
  const [draft, setDraft] = useState("");

  if (!identity.isSuccess) {
    return (
      <button onClick={identity.unlock} disabled={identity.isPending}>
        Unlock chat
      </button>
    );
  }
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        send.mutate({ conversationId, content: draft });
        setDraft("");
      }}
    >
      <ul>
        {messages?.map((m) => (
          <li key={m.id}>
            {m.content?.type === "text" ? m.content.text : "(unsupported content)"} · {m.status}
          </li>
        ))}
      </ul>
      <input aria-label="message" value={draft} onChange={(event) => setDraft(event.target.value)} />
      <button disabled={!draft}>Send</button>
    </form>
  );
}
