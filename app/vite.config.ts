// `npx vite --config app/vite.config.ts` (dev) and `npm run build:app` (static build into app/dist).
import { defineConfig } from "vite";
import { appViteConfig } from "./appViteConfig.ts";

const { configFile: _, ...config } = appViteConfig({ deploymentFile: process.env.HUSHLOG_DEPLOYMENT_FILE });
export default defineConfig(config);
