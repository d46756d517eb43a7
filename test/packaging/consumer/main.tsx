// The entry of the consumer's Vite app: the README's wagmi example (copied beside it as wagmi-chat.tsx) in a
// plain wagmi configuration, built by test/packaging/packedPackage.test.ts with `vite build`.
import { createRoot } from "react-dom/client";
import { createConfig, http } from "wagmi";
import { foundry } from "wagmi/chains";
import { injected } from "wagmi/connectors";
import { ChatApp } from "./wagmi-chat.tsx";

const config = createConfig({ chains: [foundry], connectors: [injected()], transports: { [foundry.id]: http() } });
const hushlog = { address: "0x5FbDB2315678afecb367f032d93F642f64180aa3", deployBlock: 0n } as const;

createRoot(document.getElementById("root")!).render(<ChatApp config={config} hushlog={hushlog} conversationId={`0x${"00".repeat(32)}`} />);
