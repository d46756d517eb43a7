/// <reference types="vite/client" />

// Build-time defaults for `npm run build:app` (each can be overridden by the page's query and the settings screen).
interface ImportMetaEnv {
  readonly VITE_HUSHLOG_RPC_URL?: string;
  readonly VITE_HUSHLOG_CONTRACT?: string;
  readonly VITE_HUSHLOG_DEPLOY_BLOCK?: string;
  readonly VITE_HUSHLOG_CONFIRMATIONS?: string;
  readonly VITE_HUSHLOG_PREKEYS?: string;
  readonly VITE_HUSHLOG_ENS?: string;
  readonly VITE_HUSHLOG_ENS_REGISTRY?: string;
  readonly VITE_HUSHLOG_ENS_RPC_URL?: string;
}
