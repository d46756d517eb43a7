import type { CursorRecord, CursorStore } from "../CursorStore.ts";
import type { FaceContext } from "./FaceContext.ts";
import { recordTable } from "./recordTable.ts";

const cursors = recordTable<CursorRecord>("cursors");

export function createCursorStore({ run }: FaceContext): CursorStore {
  return {
    get: (key) => run("r", (tx) => cursors.get(tx, key)),
    put: ({ key, block, recentBlocks, updatedAt }) =>
      run("rw", (tx) => cursors.put(tx, key, { key, block, recentBlocks: recentBlocks.map(({ number, hash }) => ({ number, hash })), updatedAt })),
    delete: (key) => run("rw", async (tx) => void (await cursors.delete(tx, [key]))),
  };
}
